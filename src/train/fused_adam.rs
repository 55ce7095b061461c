//! Adam and AdamW on the CPU backend as one pass over each parameter.
//!
//! burn's Adam is a chain of tensor ops (about a dozen, each reading and writing a whole
//! parameter-sized tensor). On the GPU its fusion joins them into one kernel; on flex each op
//! is its own pass and allocation. For the course's 64 px MLPs (a 12288×256 first layer) that
//! made the update 78 % of a training step (32 of 41 ms natively at batch 16, BENCHMARKS.md).
//! Here the parameter, its moments and its gradient are read and written once, in place
//! (flex hands a uniquely held tensor's bytes over without a copy). burn has no such optimizer.
//! The arithmetic is burn's, op for op in f32, so both backends take the same step.

use burn::optim::{AdaptiveMomentumState, LearningRate, Optimizer};
use burn::prelude::*;

/// Adam (coupled L2: `g + wd*p`) or AdamW (decoupled: `p *= 1 - lr*wd`), PyTorch's update.
#[derive(Clone, Debug)]
pub struct FusedAdam {
    pub beta_1: f32,
    pub beta_2: f32,
    pub epsilon: f32,
    pub weight_decay: f32,
    /// AdamW's decoupled decay instead of Adam's L2 penalty.
    pub decoupled: bool,
}

/// Elements a thread takes at once in the threaded worker (a chunk fits in its cache); a
/// parameter of one chunk (a bias) is updated where it is, with no hand-off to the pool.
#[cfg(all(feature = "threads", target_arch = "wasm32"))]
const CHUNK: usize = 1 << 14;

impl FusedAdam {
    /// The update of one run of elements (`p`, `m`, `v` in place) at step `time` (from 1).
    /// Scalars are rounded where burn rounds them: AdamW's decay factor is `1 - lr*wd` in f64.
    fn update(&self, lr: f64, time: i32, p: &mut [f32], m: &mut [f32], v: &mut [f32], g: &[f32]) {
        let (b1, b2) = (self.beta_1, self.beta_2);
        let bias_2_sqrt = (1.0 - b2.powi(time)).sqrt();
        let factor = bias_2_sqrt / (1.0 - b1.powi(time));
        let eps = self.epsilon * bias_2_sqrt;
        let (coupled, decay) = match self.decoupled {
            false => (self.weight_decay, 1.0),
            true => (0.0, (1.0 - lr * self.weight_decay as f64) as f32),
        };
        let lr = lr as f32;
        for (((p, m), v), &g) in p.iter_mut().zip(m.iter_mut()).zip(v.iter_mut()).zip(g) {
            // burn adds the L2 term only when there is one (`p*0` would make an infinite p NaN).
            let g = if coupled != 0.0 { *p * coupled + g } else { g };
            *m = *m * b1 + g * (1.0 - b1);
            *v = *v * b2 + g * g * (1.0 - b2);
            *p = *p * decay - (*m * factor) / (v.sqrt() + eps) * lr;
        }
    }

    #[cfg(not(all(feature = "threads", target_arch = "wasm32")))]
    fn update_all(&self, lr: f64, time: i32, p: &mut [f32], m: &mut [f32], v: &mut [f32], g: &[f32]) {
        self.update(lr, time, p, m, v, g);
    }

    /// On the threaded worker the pass is split over the pool (the update is memory-bound).
    #[cfg(all(feature = "threads", target_arch = "wasm32"))]
    fn update_all(&self, lr: f64, time: i32, p: &mut [f32], m: &mut [f32], v: &mut [f32], g: &[f32]) {
        use rayon::prelude::*;
        if p.len() <= CHUNK || rayon::current_num_threads() == 1 {
            return self.update(lr, time, p, m, v, g);
        }
        p.par_chunks_mut(CHUNK)
            .zip(m.par_chunks_mut(CHUNK))
            .zip(v.par_chunks_mut(CHUNK))
            .zip(g.par_chunks(CHUNK))
            .for_each(|(((p, m), v), g)| self.update(lr, time, p, m, v, g));
    }
}

fn floats(data: &mut TensorData) -> &mut [f32] {
    data.as_mut_slice::<f32>().expect("parameters and their moments are f32")
}

impl Optimizer for FusedAdam {
    type State<const D: usize> = AdaptiveMomentumState<D>;

    fn step<const D: usize>(
        &self,
        lr: LearningRate,
        tensor: Tensor<D>,
        grad: Tensor<D>,
        state: Option<Self::State<D>>,
    ) -> (Tensor<D>, Option<Self::State<D>>) {
        let device = tensor.device();
        let shape = tensor.shape();
        // Synchronous reads are fine here: this optimizer only ever steps flex tensors.
        let mut p = tensor.into_data();
        let mut g = grad.into_data();
        let (time, mut m, mut v) = match state {
            Some(state) => (state.time + 1, state.moment_1.into_data(), state.moment_2.into_data()),
            None => (1, TensorData::zeros::<f32, _>(shape.clone()), TensorData::zeros::<f32, _>(shape)),
        };
        let time_i32 = i32::try_from(time).unwrap_or(i32::MAX);
        self.update_all(lr, time_i32, floats(&mut p), floats(&mut m), floats(&mut v), floats(&mut g));
        let state = AdaptiveMomentumState {
            time,
            moment_1: Tensor::from_data(m, &device),
            moment_2: Tensor::from_data(v, &device),
            max_moment_2: None,
        };
        (Tensor::from_data(p, &device), Some(state))
    }

    fn to_device<const D: usize>(state: Self::State<D>, device: &Device) -> Self::State<D> {
        state.to_device(device)
    }
}
