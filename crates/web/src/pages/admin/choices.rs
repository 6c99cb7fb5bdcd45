//! 选项 what the administration forms offer: vocabularies with their Chinese labels, courts,
//! and departments grouped by court.

use crate::pages::directory::Directory;

/// One `<option>` or checkbox.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A court's departments, as an `<optgroup>`.
pub struct DepartmentGroup {
    pub court: String,
    pub options: Vec<Choice>,
}

/// Every value of a vocabulary; `chosen` tells which codes are picked.
pub fn vocabulary<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: impl Fn(&str) -> bool,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).to_string(),
            label: label(*v).to_string(),
            selected: chosen(code(*v)),
        })
        .collect()
}

/// The courts; `chosen` is the id as typed.
pub fn courts(names: &Directory, chosen: &str) -> Vec<Choice> {
    names
        .courts
        .iter()
        .map(|c| Choice {
            value: c.id.to_string(),
            label: c.name.clone(),
            selected: c.id.to_string() == chosen,
        })
        .collect()
}

/// The departments in service, by court, and the chosen one even if withdrawn.
pub fn departments(names: &Directory, chosen: &str) -> Vec<DepartmentGroup> {
    names
        .courts
        .iter()
        .map(|court| DepartmentGroup {
            court: court.name.clone(),
            options: names
                .departments
                .iter()
                .filter(|d| d.court_id == court.id && (d.active || d.id.to_string() == chosen))
                .map(|d| Choice {
                    value: d.id.to_string(),
                    label: if d.active {
                        d.name.clone()
                    } else {
                        format!("{}（已撤销）", d.name)
                    },
                    selected: d.id.to_string() == chosen,
                })
                .collect(),
        })
        .filter(|group| !group.options.is_empty())
        .collect()
}
