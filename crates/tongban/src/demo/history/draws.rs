//! The random draws of the demo history: courts, case numbers, appellants, channels.

use rand::Rng;
use tongban_app::orders::AppellantInput;
use tongban_domain::codes::Channel;
use tongban_domain::org::Court;
use tongban_domain::values::IdCardNo;

use super::Seeder;
use crate::demo::content::{self, Template};

impl Seeder<'_> {
    /// The intermediate court takes about a third of the orders, the basic courts the rest.
    pub(super) fn court(&mut self) -> Court {
        let courts = &self.city.courts;
        let index = if self.chance(0.3) {
            0
        } else {
            self.rng.random_range(1..courts.len())
        };
        courts[index].clone()
    }

    pub(super) fn case_number(&mut self, template: &Template, court: &Court) -> Option<String> {
        let case_type = template.case_type.as_deref()?;
        let year = if self.chance(0.6) { 2026 } else { 2025 };
        let serial = self.rng.random_range(100..20_000);
        Some(format!("({year}){}{case_type}{serial}号", court.code))
    }

    pub(super) fn appellant(&mut self, people: &content::People) -> AppellantInput {
        let surname = self.pick(&people.surnames).clone();
        let given = self.pick(&people.given_names).clone();
        let second: u32 = *self.pick(&[3, 5, 7, 8, 9]);
        let phone = format!("1{second}{:09}", self.rng.random_range(0..1_000_000_000u32));
        let id_number = self.chance(0.4).then(|| self.id_number());
        AppellantInput {
            name: format!("{surname}{given}"),
            phone: Some(phone),
            id_number,
            address: None,
        }
    }

    /// A Shenzhen resident ID number with a valid check character.
    pub(super) fn id_number(&mut self) -> String {
        let district = self
            .pick(&["440303", "440304", "440305", "440306", "440307"])
            .to_string();
        let first17 = format!(
            "{district}{}{:02}{:02}{:03}",
            self.rng.random_range(1950..2004),
            self.rng.random_range(1..13),
            self.rng.random_range(1..29),
            self.rng.random_range(0..1000)
        );
        "0123456789X"
            .chars()
            .map(|c| format!("{first17}{c}"))
            .find(|candidate| IdCardNo::parse(candidate).is_ok())
            .expect("one check character fits")
    }

    pub(super) fn channel(&mut self, template: &Template) -> Channel {
        if let Some(hint) = template.channel_hint {
            return hint;
        }
        let roll: f64 = self.rng.random();
        let table = [
            (0.55, Channel::Hotline),
            (0.70, Channel::Web),
            (0.78, Channel::Letter),
            (0.86, Channel::Visit),
            (0.89, Channel::Media),
            (0.92, Channel::Organ),
            (0.94, Channel::Deputy),
            (0.95, Channel::CppccMember),
            (0.97, Channel::SocialGroup),
            (0.99, Channel::Enterprise),
            (1.0, Channel::Other),
        ];
        table
            .iter()
            .find(|(p, _)| roll < *p)
            .map_or(Channel::Other, |(_, c)| *c)
    }
}
