//! The app's widgets. Each renders part of the state and reports user intent through callbacks.

pub mod assessment_view;
pub mod bundle_panel;
pub mod card;
pub mod compliance_view;
pub mod drop_zone;
pub mod evidence_view;
pub mod progress;
pub mod report_tools;
pub mod report_view;
pub mod widgets;
