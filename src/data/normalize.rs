//! Albumentations' Normalize: per-channel mean and std, applied per batch.
//!
//! `out = (x / 255 - mean[k]) / std[k]` for channel `k` of every pixel. The dataset stays
//! `u8`; batches are converted with a 256-entry table per channel.

use serde::{Deserialize, Serialize};

use crate::config::{NormalizeKind, TrainConfig};
use crate::data::Images;

/// `A.Normalize()` defaults: ImageNet's RGB mean and std on the 0..1 scale.
pub const IMAGENET_MEAN: [f64; 3] = [0.485, 0.456, 0.406];
pub const IMAGENET_STD: [f64; 3] = [0.229, 0.224, 0.225];
/// Grayscale images use the means of the RGB values.
pub const IMAGENET_GRAY_MEAN: f64 = 0.449;
pub const IMAGENET_GRAY_STD: f64 = 0.226;
/// The smallest std `from_set` reports: one grey level. A constant channel would otherwise
/// divide by zero.
pub const MIN_STD: f64 = 1.0 / 255.0;

/// Mean and std per channel, on the 0..1 scale (after dividing by the max pixel, 255).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Normalize {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

impl Normalize {
    /// ImageNet's statistics; one channel gets their means.
    pub fn imagenet(channels: usize) -> Self {
        if channels == 3 {
            Self { mean: IMAGENET_MEAN.to_vec(), std: IMAGENET_STD.to_vec() }
        } else {
            Self { mean: vec![IMAGENET_GRAY_MEAN; channels], std: vec![IMAGENET_GRAY_STD; channels] }
        }
    }

    /// Mean 0, std 1: only `x / 255`.
    pub fn identity(channels: usize) -> Self {
        Self { mean: vec![0.0; channels], std: vec![1.0; channels] }
    }

    /// Per-channel mean and (population) std of `pixel / 255` over every image of `set`,
    /// the std floored at [`MIN_STD`]. An empty set gives the identity.
    pub fn from_set(set: &impl Images) -> Self {
        let c = set.shape().channels;
        if set.is_empty() || c == 0 {
            return Self::identity(c);
        }
        // Counting each value is exact and cheaper than summing floats.
        let mut histograms = vec![[0u64; 256]; c];
        for pixel in (0..set.len()).flat_map(|i| set.image(i).chunks_exact(c)) {
            for (histogram, &v) in histograms.iter_mut().zip(pixel) {
                histogram[v as usize] += 1;
            }
        }
        let (mut mean, mut std) = (Vec::with_capacity(c), Vec::with_capacity(c));
        for histogram in &histograms {
            let count = histogram.iter().sum::<u64>() as f64;
            let (mut sum, mut squares) = (0.0f64, 0.0f64);
            for (v, &n) in histogram.iter().enumerate() {
                let x = v as f64 / 255.0;
                sum += n as f64 * x;
                squares += n as f64 * x * x;
            }
            let m = sum / count;
            mean.push(m);
            std.push((squares / count - m * m).max(0.0).sqrt().max(MIN_STD));
        }
        Self { mean, std }
    }

    /// The normalisation `config.normalize` asks for, computed on `train` when it says so.
    pub fn for_config(config: &TrainConfig, train: &impl Images) -> Self {
        match config.normalize {
            NormalizeKind::Imagenet => Self::imagenet(train.shape().channels),
            NormalizeKind::Train => Self::from_set(train),
            NormalizeKind::None => Self::identity(train.shape().channels),
        }
    }

    /// The lookup table for images of `channels` channels. Panics if this normalisation
    /// holds statistics for a different number of channels.
    pub fn table(&self, channels: usize) -> NormalizeTable {
        assert!(
            self.mean.len() == channels && self.std.len() == channels,
            "Normalize has {} means and {} stds for {channels} channels",
            self.mean.len(),
            self.std.len()
        );
        let mut values = Vec::with_capacity(channels * 256);
        for (&mean, &std) in self.mean.iter().zip(&self.std) {
            values.extend((0..256).map(|v| ((v as f64 / 255.0 - mean) / std) as f32));
        }
        NormalizeTable { channels, values }
    }

    /// Appends the normalised values of one HWC image to `out`. Builds the table each call;
    /// for many images use [`Normalize::table`] once.
    pub fn write(&self, pixels: &[u8], channels: usize, out: &mut Vec<f32>) {
        self.table(channels).write(pixels, out);
    }
}

/// `(v / 255 - mean) / std` for every byte value `v` of every channel.
#[derive(Clone, Debug)]
pub struct NormalizeTable {
    channels: usize,
    /// Channel `k`'s 256 values start at `256 * k`.
    values: Vec<f32>,
}

impl NormalizeTable {
    /// Appends the normalised values of one HWC image to `out`.
    pub fn write(&self, pixels: &[u8], out: &mut Vec<f32>) {
        match self.channels {
            1 => {
                let table: &[f32; 256] = self.values[..256].try_into().expect("256 values");
                out.extend(pixels.iter().map(|&v| table[v as usize]));
            }
            3 => {
                let channel = |k: usize| -> &[f32; 256] {
                    self.values[256 * k..256 * (k + 1)].try_into().expect("256 values")
                };
                let (r, g, b) = (channel(0), channel(1), channel(2));
                let start = out.len();
                out.resize(start + pixels.len(), 0.0);
                for (value, pixel) in out[start..].chunks_exact_mut(3).zip(pixels.chunks_exact(3)) {
                    value[0] = r[pixel[0] as usize];
                    value[1] = g[pixel[1] as usize];
                    value[2] = b[pixel[2] as usize];
                }
            }
            c => {
                out.reserve(pixels.len());
                for pixel in pixels.chunks_exact(c) {
                    for (k, &v) in pixel.iter().enumerate() {
                        out.push(self.values[256 * k + v as usize]);
                    }
                }
            }
        }
    }
}
