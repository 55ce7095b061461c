//! What the model looks like inside: its weight tensors and their gradients, by path, for
//! the histograms (`train::readback::histograms` reads them in one transaction).

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::prelude::*;

/// Each weight tensor (biases and norm parameters left out), flattened, by its path.
pub fn weights<M: Module>(model: &M) -> Vec<(String, Tensor<1>)> {
    collect(model, None)
}

/// The gradients of the same tensors, where `grads` has them.
pub fn gradients<M: Module>(model: &M, grads: &GradientsParams) -> Vec<(String, Tensor<1>)> {
    collect(model, Some(grads))
}

fn collect<M: Module>(model: &M, grads: Option<&GradientsParams>) -> Vec<(String, Tensor<1>)> {
    let mut visitor = Collect { path: Vec::new(), grads, found: Vec::new() };
    model.visit(&mut visitor);
    visitor.found
}

struct Collect<'a> {
    path: Vec<String>,
    grads: Option<&'a GradientsParams>,
    found: Vec<(String, Tensor<1>)>,
}

impl ModuleVisitor for Collect<'_> {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let name = self.path.join(".");
        if !name.ends_with("weight") || D < 2 {
            return;
        }
        let tensor = match self.grads {
            None => Some(param.val()),
            Some(grads) => grads.get::<D>(param.id),
        };
        if let Some(t) = tensor {
            let n = t.shape().num_elements();
            self.found.push((name, t.reshape([n])));
        }
    }
}
