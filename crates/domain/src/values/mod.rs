//! Domain values parsed at the edge and trusted afterwards (parse, don't validate).

mod case_no;
mod id_card;
mod phone;
mod text;

pub use case_no::CaseNo;
pub use id_card::IdCardNo;
pub use phone::Phone;
pub use text::{fold_width, required_text};
