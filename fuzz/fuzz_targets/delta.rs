//! A git delta applied to a base: the first byte says how long the base is.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::intake::bundle::pack::apply_delta;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else { return };
    let (base, delta) = rest.split_at(usize::from(split).min(rest.len()));
    let _ = apply_delta(base, delta, 1 << 20);
});
