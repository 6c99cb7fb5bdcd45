//! The choices offered by the order forms: vocabularies with Chinese labels, and the
//! organisation's courts, departments and handlers.

use tongban_domain::codes::{
    AppealType, Area, CallbackOutcome, Channel, Complexity, InvalidReason, Role, Urgency,
};
use tongban_domain::order::Status;

use crate::pages::directory::Directory;

/// A value of a `<select>` and its label.
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).to_string(),
            label: label(*v).to_string(),
        })
        .collect()
}

/// Everything the forms offer.
pub struct Options {
    pub statuses: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub types: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub complexities: Vec<Choice>,
    pub urgencies: Vec<Choice>,
    pub invalid_reasons: Vec<Choice>,
    pub outcomes: Vec<Choice>,
    pub courts: Vec<Choice>,
    /// "court / department"
    pub departments: Vec<Choice>,
    /// Active handlers, "name（court department）"
    pub handlers: Vec<Choice>,
}

impl Options {
    pub fn new(names: &Directory) -> Options {
        let court_name = |id| {
            names
                .courts
                .iter()
                .find(|c| c.id == id)
                .map_or(String::new(), |c| c.name.clone())
        };
        Options {
            statuses: choices(Status::ALL, Status::code, Status::label),
            channels: choices(Channel::ALL, Channel::code, Channel::label),
            types: choices(AppealType::ALL, AppealType::code, AppealType::label),
            areas: choices(Area::ALL, Area::code, Area::label),
            complexities: choices(Complexity::ALL, Complexity::code, Complexity::label),
            urgencies: choices(Urgency::ALL, Urgency::code, Urgency::label),
            invalid_reasons: choices(
                InvalidReason::ALL,
                InvalidReason::code,
                InvalidReason::label,
            ),
            outcomes: choices(
                CallbackOutcome::ALL,
                CallbackOutcome::code,
                CallbackOutcome::label,
            ),
            courts: names
                .courts
                .iter()
                .map(|c| Choice {
                    value: c.id.to_string(),
                    label: c.name.clone(),
                })
                .collect(),
            departments: names
                .departments
                .iter()
                .filter(|d| d.active)
                .map(|d| Choice {
                    value: d.id.to_string(),
                    label: format!("{} / {}", court_name(d.court_id), d.name),
                })
                .collect(),
            handlers: names
                .staff
                .iter()
                .filter(|s| s.active && s.roles.contains(&Role::Handler))
                .map(|s| Choice {
                    value: s.id.to_string(),
                    label: format!(
                        "{}（{} {}）",
                        s.display_name,
                        court_name(s.court_id),
                        names.department(s.department_id)
                    ),
                })
                .collect(),
        }
    }
}
