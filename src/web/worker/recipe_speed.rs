//! The worker's side of the speed benchmark (`speed` message): a recipe's training speed on a
//! backend, where its step time goes (issuing vs waiting), and, in a `bench` build on WebGPU,
//! how many kernels each step launches and which.

use crate::config::BackendChoice;
use crate::protocol::{ParityRecipe, WorkerMessage};
use crate::train::in_flight::read_depth;
use crate::train::parity::{Span, recipe_speed};

use super::device::{self, pick_device};
use super::host::now_ms;

pub(super) async fn recipe_speed_answer(
    recipe: ParityRecipe,
    backend: BackendChoice,
    (warmup, steps): (Span, usize),
    depth: Option<usize>,
    tasks_max: Option<usize>,
) -> Result<WorkerMessage, String> {
    let tasks_max = device::tasks_max(tasks_max)?;
    let (device, kind, _) = pick_device(backend, None).await?;
    let depth = depth.unwrap_or_else(|| read_depth(kind));
    let launches = launches::Counter::install();
    let speed = recipe_speed(&device, recipe, (warmup, steps), depth, now_ms, || launches.snapshot()).await?;
    let (launches_per_step, kernels) = launches::per_step(&speed.marks, steps);
    Ok(WorkerMessage::Speed {
        recipe,
        backend: kind,
        images_per_sec: speed.images_per_sec,
        first_step_ms: speed.first_step_ms,
        warmup_steps: speed.warmup_steps,
        warmup_ms: speed.warmup_ms,
        depth,
        tasks_max,
        threads: super::threads::cpu_threads(),
        issue_ms: speed.issue_ms,
        wait_ms: speed.wait_ms,
        launches_per_step,
        kernels,
    })
}

/// Counting kernel launches through cubecl's launch observer (bench builds only: it needs
/// burn's `cubecl` re-export).
#[cfg(feature = "bench")]
mod launches {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use burn::cubecl::logging::{LaunchObservation, LaunchObserver};

    type Counts = HashMap<&'static str, u64>;

    #[derive(Default)]
    struct Count(Mutex<Counts>);

    impl LaunchObserver for Count {
        fn launched(&self, kernel: &'static str) {
            if let Ok(mut counts) = self.0.lock() {
                *counts.entry(kernel).or_default() += 1;
            }
        }
    }

    /// Counts launches while it lives.
    pub struct Counter {
        count: Arc<Count>,
        _watching: LaunchObservation,
    }

    impl Counter {
        pub fn install() -> Self {
            let count = Arc::new(Count::default());
            Self { _watching: LaunchObservation::new(count.clone()), count }
        }

        pub fn snapshot(&self) -> Counts {
            self.count.0.lock().map(|c| c.clone()).unwrap_or_default()
        }
    }

    /// Launches per step between the two snapshots, and the ten most launched kernels (short
    /// names) with their launches per step. None when nothing launched (the CPU backend).
    pub fn per_step([start, end]: &[Counts; 2], steps: usize) -> (Option<f64>, Vec<(String, f64)>) {
        let steps = steps.max(1) as f64;
        let mut kernels: Vec<(String, f64)> = end
            .iter()
            .map(|(name, n)| (short(name), (n - start.get(name).copied().unwrap_or(0)) as f64 / steps))
            .filter(|(_, n)| *n > 0.0)
            .collect();
        let total: f64 = kernels.iter().map(|(_, n)| n).sum();
        kernels.sort_by(|a, b| b.1.total_cmp(&a.1));
        kernels.truncate(10);
        ((total > 0.0).then_some(total), kernels)
    }

    /// A kernel's type name without its module path and generic arguments.
    fn short(name: &str) -> String {
        let base = name.split('<').next().unwrap_or(name);
        base.rsplit("::").next().unwrap_or(base).to_string()
    }
}

#[cfg(not(feature = "bench"))]
mod launches {
    pub struct Counter;

    impl Counter {
        pub fn install() -> Self {
            Self
        }

        pub fn snapshot(&self) {}
    }

    pub fn per_step(_: &[(); 2], _: usize) -> (Option<f64>, Vec<(String, f64)>) {
        (None, Vec::new())
    }
}
