//! Albumentations' Normalize: per-channel mean and std, applied per batch.
