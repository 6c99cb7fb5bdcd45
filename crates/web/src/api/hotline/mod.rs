//! 12368 热线 over JSON: the switch's call records, callbacks, the screen pop, the case
//! directory, the knowledge base, the virtual agent and the daily figures.

pub(crate) mod assistant;
pub(crate) mod calls;
pub(crate) mod cases;
pub(crate) mod knowledge;
pub(crate) mod stats;
pub(crate) mod views;
