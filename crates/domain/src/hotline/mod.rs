//! 12368 热线 the hotline: call records, callback tasks (回拨), the case directory, the
//! knowledge base and the virtual agent's decisions.

mod call;
mod callback;
mod case;
mod intent;
mod knowledge;

pub use call::{CallEvent, CallState, REPEAT_WINDOW_DAYS};
pub use callback::{CALLBACK_WORKING_HOURS, CallbackResult, CallbackStatus, callback_due};
pub use case::{CaseRecord, Party, RawCase, RawParty, parse_parties};
pub use intent::{AssistantAction, Intent, find_case_number, intent_of};
pub use knowledge::{KbDraft, KbStatus};
