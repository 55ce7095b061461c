//! The page's data rules as answers, for the Python tests of the PyTorch export's `data.py`:
//! reads JSON on stdin, writes JSON on stdout.
//!
//!     {"layout": [[path, ...], ...],              -> "layout": [plan of each list]
//!      "images": [{"shape": [h, w, c], "pixels": [u8, ...]}, ...],
//!      "ops": [{"op": "shift_scale_rotate", "angle": 10, "scale": 1.1, "dx": 0.05, "dy": -0.1},
//!              {"op": "brightness_contrast", "alpha": 1.2, "beta": -20},
//!              {"op": "resized_crop", "x": 2, "y": 3, "width": 20, "height": 16},
//!              {"op": "horizontal_flip"}, {"op": "vertical_flip"},
//!              {"op": "resize", "width": 96, "height": 96, "interpolation": "area"}]}
//!                                               -> "augmented": [[pixels per op] per image]
//!      "files": [{"path": "a.jpg", "size": 32, "grayscale": false, "interpolation": "antialias"}]}
//!                                               -> "decoded": [pixels, or the reason it was skipped]
//!
//!     cargo run --example data_fixtures < cases.json

use std::io::Read;

use aula::config::Interpolation;
use aula::data::ImageShape;
use aula::data::augment::{Augmenter, Crop, brightness_contrast, horizontal_flip, vertical_flip};
use aula::data::decode::{decode_resized_as, resize_as};
use aula::data::layout::plan;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Cases {
    #[serde(default)]
    layout: Vec<Vec<String>>,
    #[serde(default)]
    images: Vec<Image>,
    #[serde(default)]
    ops: Vec<Value>,
    #[serde(default)]
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    path: String,
    size: usize,
    grayscale: bool,
    interpolation: Interpolation,
}

#[derive(Deserialize)]
struct Image {
    shape: [usize; 3],
    pixels: Vec<u8>,
}

fn number(op: &Value, key: &str) -> Result<f64, String> {
    op[key].as_f64().ok_or_else(|| format!("{op}: no number {key}"))
}

fn apply(op: &Value, pixels: &mut Vec<u8>, dims: ImageShape) -> Result<(), String> {
    match op["op"].as_str().unwrap_or_default() {
        "resize" => {
            let interpolation: Interpolation =
                serde_json::from_value(op["interpolation"].clone()).map_err(|e| e.to_string())?;
            let size = |key| number(op, key).map(|v| v as usize);
            *pixels = resize_as(
                pixels,
                dims.width,
                dims.height,
                dims.channels,
                size("width")?,
                size("height")?,
                interpolation,
            );
        }
        "horizontal_flip" => horizontal_flip(pixels, dims),
        "vertical_flip" => vertical_flip(pixels, dims),
        "brightness_contrast" => brightness_contrast(pixels, number(op, "alpha")?, number(op, "beta")?),
        "shift_scale_rotate" => Augmenter::new().shift_scale_rotate(
            pixels,
            dims,
            number(op, "angle")?,
            number(op, "scale")?,
            number(op, "dx")?,
            number(op, "dy")?,
        ),
        "resized_crop" => {
            let at = |key| number(op, key).map(|v| v as usize);
            let crop = Crop { x: at("x")?, y: at("y")?, width: at("width")?, height: at("height")? };
            Augmenter::new().resized_crop(pixels, dims, crop);
        }
        other => return Err(format!("unknown op {other}")),
    }
    Ok(())
}

fn main() -> Result<(), String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| e.to_string())?;
    let cases: Cases = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let layout: Vec<Value> = cases
        .layout
        .iter()
        .map(|paths| {
            let plan = plan(paths);
            json!({
                "root": plan.root,
                "classes": plan.classes,
                "files": plan.files.iter().map(|p| json!([p.file, plan.classes[p.class], p.split])).collect::<Vec<_>>(),
                "outside": plan.outside.iter().map(|o| json!([o.file, o.note.english()])).collect::<Vec<_>>(),
                "ignored": plan.ignored,
                "split_folders": plan.split_folders,
            })
        })
        .collect();
    let mut augmented = Vec::new();
    for image in &cases.images {
        let [height, width, channels] = image.shape;
        let dims = ImageShape { width, height, channels };
        let mut outputs = Vec::new();
        for op in &cases.ops {
            let mut pixels = image.pixels.clone();
            apply(op, &mut pixels, dims)?;
            outputs.push(pixels);
        }
        augmented.push(outputs);
    }
    let decoded: Vec<Value> = cases
        .files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path).map_err(|e| format!("{}: {e}", f.path))?;
            Ok(match decode_resized_as(&bytes, f.size, f.grayscale, f.interpolation) {
                Ok(pixels) => json!(pixels),
                Err(skip) => json!(skip.to_string()),
            })
        })
        .collect::<Result<_, String>>()?;
    println!("{}", json!({ "layout": layout, "augmented": augmented, "decoded": decoded }));
    Ok(())
}
