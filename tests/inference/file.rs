//! The model file: PyTorch's names and layouts, read back by the safetensors crate as a
//! separate reader; a round trip gives the same logits; bad files are refused with the reason.

use std::collections::HashMap;

use aula::config::{BackendKind, ModelKind, NormalizeKind, TrainConfig};
use aula::data::{Dataset, ImageSet};
use aula::inference::file::{from_safetensors, to_safetensors};
use aula::model::TrainedModel;
use aula::model::weights::LayerTensors;
use aula::rng::Rng;
use aula::train::train_model;
use burn::prelude::*;
use safetensors::SafeTensors;
use safetensors::tensor::Dtype;

use crate::common::{TestHost, train_on_flex};

/// `classes` classes of `side` x `side` RGB images: class c is bright in channel c % 3 and in
/// row band c, plus noise.
fn rgb_set(classes: usize, per_class: usize, side: usize, seed: u64) -> ImageSet {
    let mut rng = Rng::new(seed);
    let mut set = ImageSet { width: side, height: side, channels: 3, ..ImageSet::default() };
    for c in 0..classes {
        for _ in 0..per_class {
            for y in 0..side {
                for _ in 0..side {
                    for ch in 0..3 {
                        let lit = ch == c % 3 && y * classes / side == c;
                        set.pixels.push(if lit { 180 } else { 0 } + rng.below(60) as u8);
                    }
                }
            }
            set.labels.push(c as u32);
        }
    }
    set
}

fn dataset() -> Dataset {
    Dataset::from_sets(
        vec!["a".into(), "b".into(), "c".into()],
        rgb_set(3, 16, 8, 1),
        rgb_set(3, 6, 8, 2),
        ImageSet::default(),
    )
}

fn trained(config: &TrainConfig) -> TrainedModel {
    train_on_flex(config, &dataset()).1
}

pub fn mlp_config() -> TrainConfig {
    TrainConfig {
        hidden: vec![12],
        batch_norm: true,
        epochs: 2,
        batch_size: 8,
        lr: 3e-3,
        normalize: NormalizeKind::Train,
        ..TrainConfig::default()
    }
}

pub fn cnn_config() -> TrainConfig {
    TrainConfig {
        model: ModelKind::Cnn,
        conv_channels: vec![4, 6],
        hidden: vec![10],
        batch_norm: true,
        ..mlp_config()
    }
}

fn floats(view: &safetensors::tensor::TensorView<'_>) -> Vec<f32> {
    view.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

fn read(tensor: Tensor<2>) -> Vec<f32> {
    tensor.into_data().iter::<f32>().collect()
}

#[test]
fn an_mlp_with_batch_norm_is_written_with_pytorchs_names_and_layouts() {
    let model = trained(&mlp_config());
    let bytes = pollster::block_on(to_safetensors(&model)).unwrap();
    let file = SafeTensors::deserialize(&bytes).unwrap();
    let mut names: Vec<&str> = file.names();
    names.sort();
    // Sequential: 0 Flatten, 1 Linear(192→12), 2 BatchNorm1d(12), 3 ReLU, 4 Linear(12→3).
    assert_eq!(
        names,
        [
            "net.1.bias",
            "net.1.weight",
            "net.2.bias",
            "net.2.num_batches_tracked",
            "net.2.running_mean",
            "net.2.running_var",
            "net.2.weight",
            "net.4.bias",
            "net.4.weight"
        ]
    );
    assert_eq!(file.tensor("net.1.weight").unwrap().shape(), [12, 192], "Linear weight is [out, in]");
    assert_eq!(file.tensor("net.4.weight").unwrap().shape(), [3, 12]);
    let tracked = file.tensor("net.2.num_batches_tracked").unwrap();
    assert_eq!((tracked.dtype(), tracked.shape()), (Dtype::I64, &[][..]));
    assert_eq!(i64::from_le_bytes(tracked.data().try_into().unwrap()), model.steps as i64);
    assert!(model.steps > 0);

    // Values: the last Linear is burn's [in, out] transposed; the first reads (C, H, W).
    let layers = model.network.layer_tensors();
    let LayerTensors::Linear { weight, .. } = layers.last().unwrap().clone() else { panic!("a Linear last") };
    let burn = read(weight);
    let torch = floats(&file.tensor("net.4.weight").unwrap());
    for o in 0..3 {
        for i in 0..12 {
            assert_eq!(torch[o * 12 + i], burn[i * 3 + o]);
        }
    }
    let LayerTensors::Linear { weight, .. } = layers[0].clone() else { panic!("a Linear first") };
    let burn = read(weight);
    let torch = floats(&file.tensor("net.1.weight").unwrap());
    // PyTorch column (c, y, x) = c*64 + y*8 + x is aula's row (y*8 + x)*3 + c.
    let (c, y, x, o) = (2, 5, 1, 7);
    assert_eq!(torch[o * 192 + c * 64 + y * 8 + x], burn[((y * 8 + x) * 3 + c) * 12 + o]);
    let LayerTensors::Norm([_, _, mean, var]) = layers[1].clone() else { panic!("a norm second") };
    let running_var: Vec<f32> = var.into_data().iter::<f32>().collect();
    assert_eq!(floats(&file.tensor("net.2.running_var").unwrap()), running_var);
    assert!(running_var.iter().any(|v| (v - 1.0).abs() > 1e-3), "running stats moved from their start");
    assert_eq!(
        floats(&file.tensor("net.2.running_mean").unwrap()),
        mean.into_data().iter::<f32>().collect::<Vec<_>>()
    );

    let (_, header) = SafeTensors::read_metadata(&bytes).unwrap();
    let metadata: &HashMap<String, String> = header.metadata().as_ref().unwrap();
    assert_eq!(metadata["format"], "aula-model");
    assert_eq!(metadata["classes"], r#"["a","b","c"]"#);
    assert_eq!(metadata["input_shape"], "[3,8,8]");
    assert_eq!(metadata["channel_order"], "RGB");
    assert_eq!(metadata["epoch"], model.epoch.unwrap().to_string());
    let mean: Vec<f64> = serde_json::from_str(&metadata["normalize_mean"]).unwrap();
    assert!(mean.iter().zip(&model.normalize.mean).all(|(a, b)| (a - b).abs() < 1e-12), "{mean:?}");
    assert_eq!(TrainConfig::from_json(&metadata["config"]).unwrap(), model.config);
    assert!(
        metadata["layers"]
            .starts_with(r#"[{"type":"Flatten"},{"type":"Linear","in_features":192,"out_features":12}"#),
        "{}",
        metadata["layers"]
    );
}

#[test]
fn a_round_trip_gives_the_same_logits_for_an_mlp_and_a_cnn_with_batch_norm() {
    for config in [mlp_config(), cnn_config()] {
        let model = trained(&config);
        let bytes = pollster::block_on(to_safetensors(&model)).unwrap();
        let loaded = from_safetensors(&bytes, &Device::flex()).unwrap();
        assert_eq!(
            (loaded.classes.clone(), loaded.shape, loaded.epoch, loaded.steps),
            (model.classes.clone(), model.shape, model.epoch, model.steps)
        );
        assert_eq!(loaded.config, model.config);
        let images = dataset().val;
        let pixels: Vec<u8> = (0..images.len()).flat_map(|i| images.image(i).to_vec()).collect();
        let (a, b) =
            (read(model.logits(&pixels, &Device::flex())), read(loaded.logits(&pixels, &Device::flex())));
        assert_eq!(a.len(), images.len() * 3);
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-6, "{:?}: {x} vs {y}", config.model);
        }
        // Written again, every tensor is the same.
        let again = pollster::block_on(to_safetensors(&loaded)).unwrap();
        let (a, b) = (SafeTensors::deserialize(&bytes).unwrap(), SafeTensors::deserialize(&again).unwrap());
        for name in a.names() {
            assert_eq!(a.tensor(name).unwrap().data(), b.tensor(name).unwrap().data(), "{name}");
        }
    }
}

#[test]
fn files_that_are_not_models_are_refused_with_the_reason() {
    let model = trained(&mlp_config());
    let bytes = pollster::block_on(to_safetensors(&model)).unwrap();
    let refused = |bytes: &[u8]| from_safetensors(bytes, &Device::flex()).err().expect("refused");

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
    assert!(refused(png).starts_with("it is not a .safetensors file"), "{}", refused(png));
    assert!(refused(b"").starts_with("it is not a .safetensors file"));
    let truncated = &bytes[..bytes.len() - 100];
    assert!(refused(truncated).starts_with("it is truncated or damaged"), "{}", refused(truncated));

    // A valid safetensors file that is not ours, and ours with a tensor of the wrong dtype or shape.
    let foreign =
        safetensors::serialize(Vec::<(String, safetensors::tensor::TensorView<'_>)>::new(), None).unwrap();
    assert!(refused(&foreign).contains("not exported by aula"), "{}", refused(&foreign));
    let file = SafeTensors::deserialize(&bytes).unwrap();
    let (_, header) = SafeTensors::read_metadata(&bytes).unwrap();
    let rewrite =
        |edit: &dyn Fn(&str, safetensors::tensor::TensorView<'_>) -> (Dtype, Vec<usize>, Vec<u8>)| {
            let tensors: Vec<(String, (Dtype, Vec<usize>, Vec<u8>))> =
                file.tensors().into_iter().map(|(name, view)| (name.clone(), edit(&name, view))).collect();
            let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = tensors
                .iter()
                .map(|(n, (d, s, b))| {
                    (n.clone(), safetensors::tensor::TensorView::new(*d, s.clone(), b).unwrap())
                })
                .collect();
            safetensors::serialize(views, header.metadata().clone()).unwrap()
        };
    let as_f64 = rewrite(&|name, view| {
        if name == "net.4.bias" {
            let wide: Vec<u8> = floats(&view).iter().flat_map(|v| (*v as f64).to_le_bytes()).collect();
            (Dtype::F64, view.shape().to_vec(), wide)
        } else {
            (view.dtype(), view.shape().to_vec(), view.data().to_vec())
        }
    });
    assert_eq!(refused(&as_f64), "tensor 'net.4.bias' is F64, expected F32");
    let reshaped = rewrite(&|name, view| {
        let shape = if name == "net.1.weight" { vec![192, 12] } else { view.shape().to_vec() };
        (view.dtype(), shape, view.data().to_vec())
    });
    assert_eq!(refused(&reshaped), "tensor 'net.1.weight' has shape [192, 12], expected [12, 192]");
}

#[test]
fn keep_best_gives_the_best_epochs_weights_and_scores_the_test_split_with_them() {
    // Validation (and test) labels rotated by one: the best epoch by val loss is an early one.
    let mut val = rgb_set(3, 6, 8, 2);
    val.labels.iter_mut().for_each(|l| *l = (*l + 1) % 3);
    let data =
        Dataset::from_sets(vec!["a".into(), "b".into(), "c".into()], rgb_set(3, 16, 8, 1), val.clone(), val);
    let config = TrainConfig { epochs: 6, normalize: NormalizeKind::None, ..mlp_config() };
    let (report, model) = train_on_flex(&config, &data);
    let best = report.best_epoch.unwrap();
    assert!(best < 6, "the last epoch is worse than the best: {:?}", report.epochs);
    assert_eq!((model.epoch, report.weights_epoch), (Some(best), Some(best)));
    // The model's own predictions on the validation images reproduce the best epoch's accuracy.
    let pixels: Vec<u8> = (0..data.val.len()).flat_map(|i| data.val.image(i).to_vec()).collect();
    let guesses =
        pollster::block_on(aula::inference::predict::predict(&model, &pixels, 1, &Device::flex())).unwrap();
    let right = guesses.iter().zip(&data.val.labels).filter(|(g, l)| g[0].class == **l as usize).count();
    let accuracy = right as f64 / data.val.len() as f64;
    assert_eq!(accuracy, report.epochs[best - 1].val_accuracy);
    // The test split (here the same images) was scored with those weights, not the last ones.
    assert_eq!(report.test_accuracy, Some(report.epochs[best - 1].val_accuracy));
    assert_ne!(report.epochs[best - 1].val_loss, report.epochs[5].val_loss);
    assert!((report.test_loss.unwrap() - report.epochs[best - 1].val_loss).abs() < 1e-6);
}

#[test]
fn training_continues_from_a_loaded_model_that_fits_and_names_what_does_not() {
    let model = trained(&mlp_config());
    let bytes = pollster::block_on(to_safetensors(&model)).unwrap();
    let loaded = from_safetensors(&bytes, &Device::flex()).unwrap();
    let data = dataset();
    let config = TrainConfig { epochs: 1, ..mlp_config() };
    let fresh = pollster::block_on(aula::train::train(
        &config,
        &data,
        &Device::flex(),
        BackendKind::Cpu,
        &mut TestHost::new(),
    ))
    .unwrap();
    let (tuned, _) = pollster::block_on(train_model(
        &config,
        &data,
        &Device::flex(),
        BackendKind::Cpu,
        &mut TestHost::new(),
        Some(&loaded),
    ))
    .unwrap();
    assert!(
        tuned.epochs[0].train_loss < fresh.epochs[0].train_loss,
        "continuing starts where the model was: {} vs fresh {}",
        tuned.epochs[0].train_loss,
        fresh.epochs[0].train_loss
    );
    assert_eq!(tuned.normalize_mean, loaded.normalize.mean, "the model's own Normalize statistics");

    let other = TrainConfig { hidden: vec![20], ..config.clone() };
    let err = pollster::block_on(train_model(
        &other,
        &data,
        &Device::flex(),
        BackendKind::Cpu,
        &mut TestHost::new(),
        Some(&loaded),
    ))
    .err()
    .unwrap();
    assert!(err.contains("hidden: the model has 12, the settings say 20"), "{err}");
    let gray = Dataset::from_sets(
        vec!["x".into(), "y".into()],
        crate::common::bands(2, 8, 1),
        crate::common::bands(2, 4, 2),
        ImageSet::default(),
    );
    let err = pollster::block_on(train_model(
        &config,
        &gray,
        &Device::flex(),
        BackendKind::Cpu,
        &mut TestHost::new(),
        Some(&loaded),
    ))
    .err()
    .unwrap();
    assert!(
        err.contains("images: the model takes 8x8 RGB, this dataset and settings give 8x8 grayscale"),
        "{err}"
    );
    assert!(err.contains("classes: the model knows 3 (a, b, c), the dataset has 2 (x, y)"), "{err}");
}
