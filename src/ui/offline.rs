//! Offline: registers the service worker (`sw.js`, generated at build time by
//! `scripts/finish-dist.mjs`) that caches the whole app, so a reviewer on a train or an
//! air-gapped network can reload and keep working. A page opened from disk
//! (`file:`, the single-file build) needs none: it is offline-ready as it loads. Where service
//! workers are unavailable otherwise (a browser that forbids them) the app works online only.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export async function registerServiceWorker() {
  // A page opened from disk (the single-file build) loads without the network by nature.
  if (location.protocol === 'file:') return true;
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return false;
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
    await navigator.serviceWorker.ready;
    return true;
  } catch (error) {
    return false;
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = registerServiceWorker)]
    fn register_service_worker() -> js_sys::Promise;
}

/// Registers the service worker; true once it is active and the app is cached.
pub async fn register() -> bool {
    JsFuture::from(register_service_worker()).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}
