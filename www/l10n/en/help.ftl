### What each setting does, opened from the setting (the "?" beside it), and a line under each
### chart on how to read it. Setting keys and PyTorch/Albumentations names stay as they are.
### A setting with choices has a message for the setting and one per choice: help-KEY-CHOICE.

help-open = What does { $setting } do?
help-close = Close

## Data

help-dataset = The images to train on: the built-in demo (Fashion-MNIST, 10 classes of 28×28 clothing) or the folder you loaded on this page.
help-dataset-demo = The demo: a subset of Fashion-MNIST (Zalando, MIT licence), 28×28 grayscale, so image size and grayscale do not apply; its validation images are a fixed set of their own, so the share held out does not apply either.
help-dataset-folder = Your folder: one subfolder per class, or train/ and val/ (and test/) each with a subfolder per class; every image is decoded here, never sent anywhere, and resized to the image size.
help-image_size = Every image is resized to S×S pixels before training (A.Resize; the aspect ratio is not kept). The model's input grows with S²: 64×64×3 = 12,288 numbers per image.
help-grayscale = One luma channel instead of three: Y = 0.299 R + 0.587 G + 0.114 B. A third of the input, and colour can no longer tell classes apart.
help-interpolation = How a pixel of the resized image is computed from the original's.
help-interpolation-antialias = Every original pixel counts: a box pre-shrink, then a triangle filter that widens with the scale (torchvision's Resize(antialias=True)). Least aliasing when shrinking.
help-interpolation-linear = OpenCV's INTER_LINEAR, A.Resize's default: the 4 nearest pixels, weighted by distance. When shrinking a lot it skips pixels, so fine patterns can alias.
help-interpolation-area = OpenCV's INTER_AREA: each new pixel is the mean of the original pixels it covers. Good for shrinking.
help-val_fraction = For a folder without val/: the share of each class held out for validation, the same images for the same seed. 0.2 keeps 20 % of every class apart.
help-train_limit = Train on at most this many images (0 = all), keeping the class proportions. For quick tries on a big folder.
help-normalize = A.Normalize: x' = (x / max_pixel − mean) / std for each channel, so inputs are centred near 0 with unit spread; it speeds up and steadies training.
help-normalize-imagenet = ImageNet's statistics: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225), max pixel 255 — A.Normalize's default.
help-normalize-train = The mean and standard deviation of each channel measured on the train split (never on validation).
help-normalize-none = Only x / 255: inputs between 0 and 1.

## Augmentation

help-random_resized_crop = RandomResizedCrop p: with probability p, crop a random area (a share of the image in crop_scale, an aspect ratio in crop_ratio) and resize it back to S×S.
help-crop_scale = The range of the crop's area as a share of the image: 0.08,1 is torchvision's default.
help-crop_ratio = The range of the crop's width/height: 0.75,1.333 (3/4 to 4/3) is torchvision's default.
help-horizontal_flip = HorizontalFlip p: mirror the image left to right with probability p. Right for most photos; wrong when left and right differ (text, some medical views).
help-vertical_flip = VerticalFlip p: flip the image upside down with probability p. Right when images have no "up" (skin lesions, microscopy, satellite).
help-shift_scale_rotate = ShiftScaleRotate p: with probability p, shift by up to shift_limit of the size, scale by 1 ± scale_limit and rotate by up to ± rotate_limit degrees (bilinear, border reflected).
help-shift_limit = The largest shift, as a share of the width and height: 0.0625 is 4 pixels of 64.
help-scale_limit = The scale is drawn in 1 ± scale_limit: 0.1 gives 0.9 to 1.1.
help-rotate_limit = The angle is drawn in ± rotate_limit degrees.
help-random_brightness_contrast = RandomBrightnessContrast p: x' = α·x + β·max, with contrast α in 1 ± contrast_limit and brightness β in ± brightness_limit.
help-brightness_limit = β is drawn in ± brightness_limit, added as a share of the largest pixel value.
help-contrast_limit = α is drawn in 1 ± contrast_limit and multiplies every pixel.
help-gauss_noise = GaussNoise p: add noise N(0, σ²) to every pixel with probability p, σ drawn from noise_std_range.
help-noise_std_range = The range of σ as a share of 255: 0.2,0.44 is Albumentations' default.

## Model

help-model = The network.
help-model-mlp = A multilayer perceptron: the image flattened to one vector, then dense layers h = act(W·x + b). Sees no neighbourhood: a pixel is just an input.
help-model-cnn = A convolutional network: small filters slide over the image (shared weights), so a pattern is found wherever it is; pooling halves the size after each block.
help-hidden = The widths of the dense hidden layers, input to output: 256,128 is Linear(in, 256) → Linear(256, 128) → Linear(128, classes). Empty: a single Linear.
help-conv_channels = The CNN's blocks and their filters: 16,32 is two blocks, Conv2d → [BatchNorm2d] → activation → MaxPool2d(2) → [Dropout]. Each block halves the image.
help-kernel = The convolution's filter size k×k (same padding). A 3×3 filter has 9 weights per input channel.
help-head = How the last block's maps become a vector for the dense layers.
help-head-flatten = Flatten: every value of every map, in order (many inputs for the first Linear).
help-head-gap = Global average pooling: one mean per channel, wherever the pattern was.
help-activation = The non-linearity after each hidden layer.
help-activation-relu = ReLU(x) = max(0, x).
help-activation-gelu = GELU(x) = x·Φ(x), Φ the standard normal CDF.
help-activation-tanh = tanh(x), between −1 and 1.
help-activation-sigmoid = σ(x) = 1 / (1 + e^−x), between 0 and 1; its gradient fades for large |x|.
help-activation-leaky_relu = LeakyReLU(x) = x for x > 0, else 0.01·x.
help-batch_norm = BatchNorm after each hidden layer, before the activation: x̂ = (x − μ_B) / √(σ²_B + ε), y = γ·x̂ + β, with μ_B, σ²_B of the batch (eps 1e-5). It evaluates with running averages (momentum 0.1). It steadies and speeds up training.
help-dropout = Dropout p: while training, each hidden activation is set to 0 with probability p and the others are scaled by 1/(1 − p), so the expected value is unchanged; evaluation uses every unit.
help-init = How the weights start (biases start at 0 except with the PyTorch default).
help-init-default = PyTorch's default: W, b ~ U(−1/√fan_in, 1/√fan_in).
help-init-xavier_uniform = Xavier (Glorot) uniform: W ~ U(−a, a), a = √(6 / (fan_in + fan_out)). Keeps the variance for tanh and sigmoid.
help-init-xavier_normal = Xavier (Glorot) normal: W ~ N(0, 2 / (fan_in + fan_out)).
help-init-he_normal = He (Kaiming) normal: W ~ N(0, 2 / fan_in). Keeps the variance for ReLU.
help-init-he_uniform = He (Kaiming) uniform: W ~ U(−a, a), a = √(6 / fan_in).
help-init-uniform = W ~ U(init_a, init_b).
help-init-normal = W ~ N(0, init_std²).
help-init_a = The lower end a of U(a, b).
help-init_b = The upper end b of U(a, b).
help-init_std = The standard deviation of N(0, std²).

## Optimization

help-optimizer = The update rule for every weight w with gradient g (lr = η).
help-optimizer-sgd = SGD: w ← w − η·g.
help-optimizer-momentum = SGD with momentum μ: v ← μ·v + g, w ← w − η·v (PyTorch's form, dampening 0).
help-optimizer-nesterov = Nesterov momentum: v ← μ·v + g, w ← w − η·(g + μ·v). Looks ahead along the velocity; needs momentum > 0.
help-optimizer-adam = Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − η·m̂ / (√v̂ + ε), with bias-corrected m̂, v̂; β = (0.9, 0.999), ε = 1e-8 (PyTorch's; burn's own ε is 1e-5).
help-optimizer-adamw = AdamW: Adam with decoupled weight decay, w ← w·(1 − η·λ) before the Adam step; PyTorch's default λ is 0.01.
help-optimizer-rmsprop = RMSprop: v ← α·v + (1 − α)g², w ← w − η·g / (√v + ε); α = 0.99, ε = 1e-8, no momentum (PyTorch's; burn's own has momentum 0.9).
help-lr = The learning rate η: the step size of every update. Too high and the loss jumps or diverges; too low and it falls slowly.
help-momentum = μ, the share of the previous velocity kept each step (SGD momentum, Nesterov).
help-weight_decay = λ: L2 regularization, g ← g + λ·w (AdamW: decoupled, w ← w·(1 − η·λ)). Pulls weights toward 0 against overfitting.
help-batch_size = Images per step: the gradient is the mean over the batch. Larger batches give smoother gradients and fewer steps per epoch.
help-epochs = Passes over the whole train split.

## Schedule and callbacks

help-schedule = How the learning rate changes over the epochs.
help-schedule-constant = η stays the same.
help-schedule-step_lr = StepLR: η is multiplied by gamma every step_size epochs: η_e = η·gamma^⌊e / step_size⌋.
help-schedule-cosine = Cosine decay: η_e = min_lr + (η − min_lr)·(1 + cos(π·e / epochs)) / 2, from η down to min_lr.
help-schedule-reduce_on_plateau = ReduceLROnPlateau: when val_loss has not improved (by 1e-4 relative) for plateau_patience epochs, η ← max(η·plateau_factor, min_lr).
help-step_size = StepLR's period in epochs.
help-gamma = StepLR's factor: 0.1 divides η by 10.
help-min_lr = The lowest learning rate a schedule goes to.
help-plateau_factor = ReduceLROnPlateau's factor: η ← η·factor.
help-plateau_patience = Epochs without improvement before ReduceLROnPlateau lowers η.
help-monitor = The metric that picks the best epoch (and that EarlyStopping watches).
help-monitor-val_loss = The validation loss (lower is better).
help-monitor-val_accuracy = The validation accuracy (higher is better).
help-early_stopping = EarlyStopping: stop when the monitored metric has not improved by min_delta for patience epochs.
help-patience = Epochs without improvement EarlyStopping waits.
help-min_delta = The smallest change that counts as an improvement for EarlyStopping.
help-keep = Which epoch the run reports and its model holds.
help-keep-best = The best epoch by the monitored metric, its weights restored (Keras' restore_best_weights; a best checkpoint).
help-keep-last = The last epoch's results and weights.
help-seed = One number for every random draw (init, shuffles, augmentation, dropout, the validation split): the same seed repeats the same run on the same backend.
help-backend = Where training runs.
help-backend-auto = WebGPU on a real GPU, else the CPU.
help-backend-webgpu = The GPU through WebGPU.
help-backend-cpu = The CPU (on several threads where the page allows).
help-cpu-threads = How many CPU threads a run uses; a grid's workers share the cores.

## Charts

chart-help-curves = Loss (left), accuracy (middle) and learning rate (right) by epoch: train in blue, validation in orange. A validation loss that rises while the train loss falls is overfitting.
chart-help-confusion = Row: the true class; column: the predicted class; the diagonal is right. A bright cell off the diagonal is a frequent confusion: choose it to see its images.
chart-help-histograms = How each layer's weights (or last gradients) are spread at the chosen epoch. Gradients near 0 in early layers mean they hardly learn.
chart-help-overlay = The selected runs' curves of one metric on the same axes: which setting learns faster or ends higher.
chart-help-parallel = Each selected run is a line across its settings and its score: lines that meet a high score come from the settings to keep.
