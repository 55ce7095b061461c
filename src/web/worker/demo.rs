//! The demo set, fetched from the site and decoded once per worker.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use super::host::{js_text, scope};
use crate::data::Dataset;
use crate::data::demo::{DemoManifest, demo_dataset};

thread_local! {
    static DEMO: RefCell<Option<Rc<Dataset>>> = const { RefCell::new(None) };
}

/// The demo set, fetched and decoded once per worker.
pub(super) async fn demo(base: &str) -> Result<Rc<Dataset>, String> {
    if let Some(data) = DEMO.with_borrow(|d| d.clone()) {
        return Ok(data);
    }
    let manifest_bytes = fetch_bytes(&format!("{base}demo.json")).await?;
    let manifest: DemoManifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| format!("demo.json is not valid: {e}"))?;
    let train_png = fetch_bytes(&format!("{base}{}", manifest.splits.train.file)).await?;
    let val_png = fetch_bytes(&format!("{base}{}", manifest.splits.val.file)).await?;
    let data = Rc::new(demo_dataset(&manifest, &train_png, &val_png)?);
    DEMO.set(Some(data.clone()));
    Ok(data)
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response: Response = JsFuture::from(scope().fetch_with_str(url))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", js_text(e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(js_text)?).await.map_err(js_text)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
