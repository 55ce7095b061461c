//! The course's labs as one-click presets. Each is just a URL: settings over the defaults,
//! and for a comparison the grid spec (`grid=`), so a preset is shared, bookmarked and
//! checked like any other link.

use serde::Serialize;

use super::TrainConfig;
use super::grid::Grid;

#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Its URL key (`preset=…`) and the select's value.
    pub id: &'static str,
    pub title: &'static str,
    /// Two sentences: what it shows, and what to look at.
    pub about: &'static str,
    /// The URL hash, `key=value&…` (URL-encoded where needed); settings not named keep
    /// their defaults.
    pub url: &'static str,
    /// It trains on a folder of the user's: the page waits for one.
    pub needs_folder: bool,
    /// The metric the runs overlay shows for it.
    pub metric: &'static str,
    /// The runs-table column it sorts by, best first (empty: newest first).
    pub sort: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "mlp-baseline",
        title: "MLP baseline",
        about: "An MLP 784-256-128-10 trained with Adam for 5 epochs on the demo set: train and \
                validation loss fall together. Then read the confusion matrix: which garments does it \
                mix up (shirt and T-shirt, pullover and coat)?",
        url: "model=mlp&hidden=256,128&optimizer=adam&lr=0.001&epochs=5",
        needs_folder: false,
        metric: "val_accuracy",
        sort: "",
    },
    Preset {
        id: "overfitting",
        title: "Overfitting and its cures",
        about: "A wide MLP on only 500 training images, four ways: no regularization, dropout 0.3, \
                weight decay, augmentation. Switch the overlay between train and val accuracy: without \
                regularization train accuracy runs away from val, and each cure narrows the gap.",
        url: "train_limit=500&hidden=512,256&epochs=20&grid=dropout%3D0+%2B+dropout%3D0.3+%2B+\
              weight_decay%3D0.001+%2B+horizontal_flip%3D0.5%3B+shift_scale_rotate%3D0.5",
        needs_folder: false,
        metric: "val_accuracy",
        sort: "",
    },
    Preset {
        id: "optimizers",
        title: "Optimizers",
        about: "SGD, SGD + momentum, Nesterov, Adam, AdamW and RMSprop with PyTorch's default \
                learning rates (0.001; RMSprop 0.01) on the same MLP and seed. The overlay shows val \
                loss: plain SGD crawls, momentum speeds it up, the adaptive ones get there first.",
        url: "epochs=8&grid=optimizer%3Dsgd%2Cmomentum%2Cnesterov%2Cadam%2Cadamw+%2B+optimizer%3Drmsprop%3B+lr%3D0.01",
        needs_folder: false,
        metric: "val_loss",
        sort: "",
    },
    Preset {
        id: "initialization",
        title: "Initialization",
        about: "A deep tanh MLP (six hidden layers) started four ways: PyTorch's default, Xavier, He \
                and Uniform(−1, 1). Open each run's weight and gradient histograms at epoch 1: \
                Uniform(−1, 1) saturates tanh and its gradients vanish, Xavier keeps them alive.",
        url: "hidden=256,256,256,256,256,256&activation=tanh&optimizer=sgd&lr=0.01&epochs=3&init_a=-1&init_b=1\
              &grid=init%3Ddefault%2Cxavier_uniform%2Che_normal%2Cuniform",
        needs_folder: false,
        metric: "val_loss",
        sort: "",
    },
    Preset {
        id: "batchnorm",
        title: "BatchNorm",
        about: "The same deep MLP with plain SGD at one learning rate, without and with BatchNorm. \
                With BatchNorm the loss falls from the first epoch; without it the deep net barely moves.",
        url: "hidden=256,256,256,256,256,256&optimizer=sgd&lr=0.01&epochs=5&grid=batch_norm%3Dfalse%2Ctrue",
        needs_folder: false,
        metric: "val_loss",
        sort: "",
    },
    Preset {
        id: "schedules",
        title: "Learning-rate schedules and callbacks",
        about: "Constant, StepLR, cosine decay and ReduceLROnPlateau, with EarlyStopping on and the \
                best epoch's weights kept. Switch the overlay between the learning rate and val loss \
                to see each schedule at work; the runs table names each run's best epoch.",
        url: "optimizer=momentum&lr=0.05&epochs=15&early_stopping=true&patience=4&step_size=5&gamma=0.1\
              &plateau_patience=1&plateau_factor=0.2\
              &grid=schedule%3Dconstant%2Cstep_lr%2Ccosine%2Creduce_on_plateau",
        needs_folder: false,
        metric: "lr",
        sort: "",
    },
    Preset {
        id: "mlp-vs-cnn",
        title: "MLP vs CNN",
        about: "An MLP and a small CNN on the same images for the same epochs, side by side in the \
                runs table with their parameter counts. The CNN's convolutions see neighbouring pixels \
                together, which the MLP has to learn from scratch: compare accuracy per weight.",
        url: "epochs=3&conv_channels=16,32&grid=model%3Dmlp%2Ccnn",
        needs_folder: false,
        metric: "val_accuracy",
        sort: "",
    },
    Preset {
        id: "course-grid",
        title: "The course's grid (your folder)",
        about: "The lab's grid search, scaled to the browser: batch size × learning rate × dropout × \
                input size on your own folder, 24 runs. Load the folder first; the runs table is sorted \
                by best val accuracy, so the winning settings come first.",
        url: "dataset=folder&epochs=5&grid=batch_size%3D16%2C32%2C64%3B+lr%3D0.01%2C0.001%3B+\
              dropout%3D0%2C0.3%3B+image_size%3D32%2C64",
        needs_folder: true,
        metric: "val_accuracy",
        sort: "best",
    },
];

impl Preset {
    pub fn find(id: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.id == id)
    }

    /// The URL's pairs, decoded: settings, and `grid` when it is a comparison.
    pub fn pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.url.as_bytes()).into_owned().collect()
    }

    /// Its settings, strictly checked, and its grid if it has one.
    pub fn config(&self) -> Result<(TrainConfig, Option<Grid>), String> {
        let pairs = self.pairs();
        let settings = pairs.iter().filter(|(k, _)| k != "grid").map(|(k, v)| (k.as_str(), v.as_str()));
        let config = TrainConfig::from_pairs(settings).map_err(|e| format!("preset {}: {e}", self.id))?;
        let grid = pairs
            .iter()
            .find(|(k, _)| k == "grid")
            .map(|(_, spec)| Grid::parse(spec).map_err(|e| format!("preset {}: {e}", self.id)))
            .transpose()?;
        Ok((config, grid))
    }
}
