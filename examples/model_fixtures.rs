//! Writes trained models and their logits for the Python tests (`tests/python`): for an MLP
//! on RGB images and a CNN with BatchNorm, the `.safetensors` file, the PyTorch export, and
//! `cases.json` with a few images (u8, HWC) and aula's logits for them.
//!
//!     cargo run --example model_fixtures -- DIR

use aula::config::{Activation, BackendKind, Head, ModelKind, NormalizeKind, TrainConfig};
use aula::data::{Dataset, ImageSet, Images};
use aula::inference::file::to_safetensors;
use aula::inference::pytorch::{RunData, bundle};
use aula::rng::Rng;
use aula::train::train_model;
use burn::prelude::*;

#[path = "common/quiet.rs"]
mod quiet;
use quiet::Quiet;

/// Random RGB images whose class shows in one channel's brightness.
fn images(classes: usize, per_class: usize, side: usize, seed: u64) -> ImageSet {
    let mut rng = Rng::new(seed);
    let mut set = ImageSet { width: side, height: side, channels: 3, ..ImageSet::default() };
    for c in 0..classes {
        for _ in 0..per_class {
            for _ in 0..side * side {
                for ch in 0..3 {
                    set.pixels.push(rng.below(120) as u8 + if ch == c % 3 { 120 } else { 0 });
                }
            }
            set.labels.push(c as u32);
        }
    }
    set
}

fn main() -> Result<(), String> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: model_fixtures DIR")?);
    let base = TrainConfig {
        epochs: 2,
        batch_size: 8,
        lr: 3e-3,
        normalize: NormalizeKind::Train,
        ..TrainConfig::default()
    };
    let cases = [
        (
            "mlp",
            TrainConfig {
                hidden: vec![16, 8],
                activation: Activation::Gelu,
                batch_norm: true,
                dropout: 0.2,
                ..base.clone()
            },
        ),
        (
            "cnn",
            TrainConfig {
                model: ModelKind::Cnn,
                conv_channels: vec![4, 6],
                kernel: 5,
                hidden: vec![12],
                batch_norm: true,
                activation: Activation::LeakyRelu,
                ..base.clone()
            },
        ),
        (
            "cnn-gap",
            TrainConfig {
                model: ModelKind::Cnn,
                conv_channels: vec![5],
                head: Head::Gap,
                hidden: vec![],
                ..base
            },
        ),
    ];
    let device = Device::flex();
    for (name, config) in cases {
        let classes: Vec<String> = ["red", "green", "blue"].iter().map(|s| s.to_string()).collect();
        let data =
            Dataset::from_sets(classes, images(3, 12, 12, 1), images(3, 4, 12, 2), ImageSet::default());
        let mut host = Quiet::new();
        let (_, model) =
            pollster::block_on(train_model(&config, &data, &device, BackendKind::Cpu, &mut host, None))?;
        let out = dir.join(name);
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        let pixels: Vec<u8> = (0..data.val.len()).flat_map(|i| data.val.image(i).to_vec()).collect();
        let logits: Vec<f32> = model.logits(&pixels, &device).into_data().iter::<f32>().collect();
        let image_len = data.val.image_len();
        let cases = serde_json::json!({
            "shape": [12, 12, 3],
            "images": pixels.chunks(image_len).collect::<Vec<_>>(),
            "logits": logits.chunks(3).collect::<Vec<_>>(),
        });
        let write = |file: &str, bytes: &[u8]| {
            std::fs::write(out.join(file), bytes).map_err(|e| format!("{file}: {e}"))
        };
        write("cases.json", cases.to_string().as_bytes())?;
        write("weights.safetensors", &pollster::block_on(to_safetensors(&model))?)?;
        write("pytorch.zip", &pollster::block_on(bundle(&model, &RunData::None, "en"))?)?;
        println!("{name}: {} images, logits written to {}", data.val.len(), out.display());
    }
    Ok(())
}
