//! A form field as a page shows it: what was typed, and the message when it is at fault.

pub struct Field {
    /// The input's id; its hint is `{id}-hint`, its message `{id}-error`.
    pub id: &'static str,
    pub value: String,
    pub error: Option<String>,
}

impl Field {
    pub fn new(id: &'static str, value: impl Into<String>) -> Field {
        Field {
            id,
            value: value.into(),
            error: None,
        }
    }

    /// The field with the message of `fault` when `fault` names it.
    pub fn checked(mut self, fault: Option<&(&'static str, String)>) -> Field {
        if let Some((field, message)) = fault
            && *field == self.id
        {
            self.error = Some(message.clone());
        }
        self
    }

    /// `aria-describedby`: the hint, and the message when there is one.
    pub fn described_by(&self) -> String {
        match self.error {
            Some(_) => format!("{0}-hint {0}-error", self.id),
            None => format!("{}-hint", self.id),
        }
    }
}
