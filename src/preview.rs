//! The augmentation preview: a few train images, each shown as the network sees them.
