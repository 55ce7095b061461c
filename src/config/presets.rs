//! The course's labs as one-click presets. Each is just a URL: settings over the defaults,
//! and for a comparison the grid spec (`grid=`), so a preset is shared, bookmarked and
//! checked like any other link. Their titles and what each shows are the page's words, in
//! its catalogues (`lab-<id>`, `lab-<id>-about` in www/l10n/*/page.ftl).

use serde::Serialize;

use super::TrainConfig;
use super::grid::Grid;

#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Its URL key (`preset=…`) and the select's value.
    pub id: &'static str,
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
        url: "model=mlp&hidden=256,128&optimizer=adam&lr=0.001&epochs=5",
        needs_folder: false,
        metric: "val_accuracy",
        sort: "",
    },
    Preset {
        id: "overfitting",
        url: "train_limit=500&hidden=512,256&epochs=20&grid=dropout%3D0+%2B+dropout%3D0.3+%2B+\
              weight_decay%3D0.001+%2B+horizontal_flip%3D0.5%3B+shift_scale_rotate%3D0.5",
        needs_folder: false,
        metric: "val_accuracy",
        sort: "",
    },
    Preset {
        id: "optimizers",
        url: "epochs=8&grid=optimizer%3Dsgd%2Cmomentum%2Cnesterov%2Cadam%2Cadamw+%2B+optimizer%3Drmsprop%3B+lr%3D0.01",
        needs_folder: false,
        metric: "val_loss",
        sort: "",
    },
    Preset {
        id: "initialization",
        url: "hidden=256,256,256,256,256,256&activation=tanh&optimizer=sgd&lr=0.01&epochs=3&init_a=-1&init_b=1\
              &grid=init%3Ddefault%2Cxavier_uniform%2Che_normal%2Cuniform",
        needs_folder: false,
        metric: "val_loss",
        sort: "",
    },
    Preset {
        id: "batchnorm",
        url: "hidden=256,256,256,256,256,256&optimizer=sgd&lr=0.01&epochs=5&grid=batch_norm%3Dfalse%2Ctrue",
        needs_folder: false,
        metric: "val_loss",
        sort: "",
    },
    Preset {
        id: "schedules",
        url: "optimizer=momentum&lr=0.05&epochs=15&early_stopping=true&patience=4&step_size=5&gamma=0.1\
              &plateau_patience=1&plateau_factor=0.2\
              &grid=schedule%3Dconstant%2Cstep_lr%2Ccosine%2Creduce_on_plateau",
        needs_folder: false,
        metric: "lr",
        sort: "",
    },
    Preset {
        id: "mlp-vs-cnn",
        url: "epochs=3&conv_channels=16,32&grid=model%3Dmlp%2Ccnn",
        needs_folder: false,
        metric: "val_accuracy",
        sort: "",
    },
    Preset {
        id: "course-grid",
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
