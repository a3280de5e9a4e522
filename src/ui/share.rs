//! Share as a link: the report JSON (findings, signatures, scores — never the source files),
//! compressed with the browser's own `CompressionStream` (deflate-raw) and base64url-encoded into
//! the URL fragment, which browsers never send to a server. Opening such a link renders the
//! report read-only.
//!
//! The compression is the browser's (no compressor in our wasm: the page's size budget), reached
//! through a few lines of JavaScript that wasm-bindgen ships beside the app as a snippet.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The fragment's prefix.
pub const PREFIX: &str = "#report=";

/// Links longer than this are not offered: chat tools, mail clients and ticket systems cut
/// or refuse longer ones. The HTML or JSON file is offered instead.
pub const MAX_LINK_CHARS: usize = 100_000;

/// A decompressed report larger than this is refused (a link that inflates without bound).
const MAX_REPORT_BYTES: u32 = 64 << 20;

#[wasm_bindgen(inline_js = r#"
export async function deflateToBase64Url(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
export async function inflateFromBase64Url(data, limit) {
  let binary;
  try {
    binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  } catch (error) {
    throw new Error('the link is damaged: it is not base64url');
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (error) {
      throw new Error('the link is damaged or cut short: its data does not decompress');
    }
    if (step.done) break;
    total += step.value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error('the link holds more than ' + (limit >> 20) + ' MB once decompressed');
    }
    chunks.push(step.value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(await new Blob(chunks).arrayBuffer());
}
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    return false;
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = deflateToBase64Url)]
    fn deflate_to_base64url(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = inflateFromBase64Url)]
    fn inflate_from_base64url(data: &str, limit: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text(text: &str) -> js_sys::Promise;
}

fn message(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The page's address without its fragment: where a shared link points. From `href`, not
/// `origin` + path: a page opened from disk (the single-file build) has the opaque origin "null".
fn page_address() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    match href.split_once('#') {
        Some((address, _)) => address.to_owned(),
        None => href,
    }
}

/// What sharing a report gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    /// The link, and whether it also went to the clipboard.
    Link {
        url: String,
        copied: bool,
    },
    /// Too long for a link: its length in characters.
    TooBig {
        chars: usize,
    },
    Failed(String),
}

/// Makes the link for a report's JSON, opening on `view` (a [`super::view::View`] fragment, may
/// be empty), and tries to copy it.
pub async fn share(json: &str, view: &str) -> Shared {
    let encoded = match JsFuture::from(deflate_to_base64url(json)).await {
        Ok(value) => value.as_string().unwrap_or_default(),
        Err(error) => return Shared::Failed(message(error)),
    };
    let view = if view.is_empty() { String::new() } else { format!("&{view}") };
    let url = format!("{}{PREFIX}{encoded}{view}", page_address());
    if url.len() > MAX_LINK_CHARS {
        return Shared::TooBig { chars: url.len() };
    }
    let copied = JsFuture::from(copy_text(&url)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false);
    Shared::Link { url, copied }
}

/// The report JSON a link's fragment holds, if the page was opened from one.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let data = hash.strip_prefix(PREFIX)?;
    Some(data.split('&').next().unwrap_or(data).to_owned()) // the view follows the data
}

/// Decodes a link's fragment data into the report JSON.
pub async fn open(data: &str) -> Result<String, String> {
    let value = JsFuture::from(inflate_from_base64url(data, MAX_REPORT_BYTES)).await.map_err(message)?;
    value.as_string().ok_or_else(|| "the link did not decode to text".to_owned())
}
