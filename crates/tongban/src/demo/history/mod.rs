//! Sixty days of history: orders registered at their time and taken through their life
//! cycle by the staff who would have done it, with the clock set to each step's moment.

mod draws;
mod handling;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use tongban_app::orders::{self, ActionInput, RegisterInput};
use tongban_app::{App, Ctx, TestClock};
use tongban_domain::codes::{Channel, Complexity, CourtLevel};
use tongban_domain::order::ActionName;
use tongban_domain::org::Staff;
use tongban_domain::time::china;
use tongban_domain::{Actor, OrderId};

use super::city::City;
use super::content::{self, Template};

/// How many orders the demo holds.
const ORDERS: usize = 320;
/// How far back the history goes.
const DAYS: i64 = 60;

/// Where an order's story ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Registered,
    Screened,
    Dispatched,
    Accepted,
    Replied,
    Unsatisfied,
    Disputed,
    Rated,
    Closed,
}

struct Seeder<'a> {
    app: &'a App,
    clock: &'a TestClock,
    city: &'a City,
    rng: StdRng,
    /// Steps may not go past this instant.
    until: DateTime<Utc>,
    /// Earlier orders and their appellants' phones, for repeats and merges.
    earlier: Vec<(OrderId, String, String)>,
}

pub async fn build(app: &App, clock: &TestClock, city: &City) -> anyhow::Result<usize> {
    let templates = content::templates();
    let people = content::people();
    let until = Utc::now() - Duration::minutes(5);
    let mut seeder = Seeder {
        app,
        clock,
        city,
        rng: StdRng::seed_from_u64(12368),
        until,
        earlier: Vec::new(),
    };
    for i in 0..ORDERS {
        let template = templates
            .choose(&mut seeder.rng)
            .expect("templates")
            .clone();
        // The first orders cover every channel once.
        let channel = Channel::ALL.get(i).copied();
        seeder.order(&template, channel, &people).await?;
    }
    Ok(ORDERS)
}

fn ctx_of(city: &City, staff: &Staff) -> Ctx {
    let level = city
        .courts
        .iter()
        .find(|c| c.id == staff.court_id)
        .map_or(CourtLevel::Basic, |c| c.level);
    Ctx::new(
        Actor {
            user_id: staff.id,
            username: staff.username.clone(),
            roles: staff.roles.clone(),
            court_id: staff.court_id,
            court_level: level,
            department_id: staff.department_id,
            system: false,
        },
        None,
    )
}

fn action(name: ActionName, body: serde_json::Value) -> ActionInput {
    ActionInput::parse(name, body).expect("demo action bodies are well-formed")
}

impl Seeder<'_> {
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        items.choose(&mut self.rng).expect("non-empty")
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A moment in office hours `days_ago` days before now.
    fn office_time(&mut self, days_ago: f64) -> DateTime<Utc> {
        let day = (self.until - Duration::seconds((days_ago * 86_400.0) as i64))
            .with_timezone(&china())
            .date_naive();
        let minute = self.rng.random_range(8 * 60 + 30..18 * 60);
        let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).expect("valid time");
        let at = china()
            .from_local_datetime(&day.and_time(time))
            .single()
            .expect("UTC+8")
            .with_timezone(&Utc);
        at.min(self.until - Duration::minutes(30))
    }

    fn stage_for(&mut self, age_days: f64) -> Stage {
        let roll: f64 = self.rng.random();
        let table: &[(f64, Stage)] = if age_days < 1.0 {
            &[
                (0.3, Stage::Registered),
                (0.45, Stage::Screened),
                (0.75, Stage::Dispatched),
                (1.0, Stage::Accepted),
            ]
        } else if age_days < 6.0 {
            &[
                (0.1, Stage::Dispatched),
                (0.45, Stage::Accepted),
                (0.7, Stage::Replied),
                (0.8, Stage::Rated),
                (1.0, Stage::Closed),
            ]
        } else {
            &[
                (0.06, Stage::Accepted),
                (0.09, Stage::Dispatched),
                (0.13, Stage::Replied),
                (0.16, Stage::Unsatisfied),
                (0.18, Stage::Disputed),
                (0.24, Stage::Rated),
                (1.0, Stage::Closed),
            ]
        };
        table
            .iter()
            .find(|(p, _)| roll < *p)
            .map_or(Stage::Closed, |(_, s)| *s)
    }

    /// Sets the clock and takes one action; false when the moment is still to come.
    async fn step(
        &mut self,
        at: DateTime<Utc>,
        who: &Staff,
        id: OrderId,
        input: ActionInput,
    ) -> anyhow::Result<bool> {
        if at > self.until {
            return Ok(false);
        }
        self.clock.set(at);
        orders::act(self.app, &ctx_of(self.city, who), id, input).await?;
        Ok(true)
    }

    async fn order(
        &mut self,
        template: &Template,
        channel: Option<Channel>,
        people: &content::People,
    ) -> anyhow::Result<()> {
        let city = self.city;
        // A tenth arrived in the last day and a half and is still in the early states.
        let age = if self.chance(0.1) {
            self.rng.random_range(0.0..1.5)
        } else {
            self.rng.random_range(0.0..DAYS as f64)
        };
        let mut at = self.office_time(age);
        let court = self.court();
        // A repeat is registered by the intermediate court, which sees the original anywhere.
        let repeat = self.earlier.len() > 20 && self.chance(0.05);
        let basic_office = match court.level {
            CourtLevel::Basic if !repeat && self.chance(0.4) => city.staff.iter().find(|s| {
                s.court_id == court.id
                    && s.roles
                        .contains(&tongban_domain::codes::Role::ServiceOffice)
            }),
            _ => None,
        };
        let channel = channel.unwrap_or_else(|| self.channel(template));
        let registrar = match (basic_office, channel) {
            (Some(office), _) => office,
            (None, Channel::Hotline | Channel::Web | Channel::Visit) => {
                let name = *self.pick(&["agent1", "agent2", "agent3"]);
                city.staff_named(name)
            }
            _ => {
                let name = *self.pick(&["office1", "office2"]);
                city.staff_named(name)
            }
        };
        let office = basic_office.unwrap_or_else(|| {
            city.staff_named(if age as i64 % 2 == 0 {
                "office1"
            } else {
                "office2"
            })
        });
        let (appellant, content) = if repeat {
            let (_, phone, content) = self.pick(&self.earlier.clone()).clone();
            let mut a = self.appellant(people);
            a.phone = Some(phone);
            (a, format!("再次反映：{content}"))
        } else {
            let case = self.case_number(template, &court).unwrap_or_default();
            (
                self.appellant(people),
                template.content.replace("{case}", &case),
            )
        };
        let case_number = if repeat {
            None
        } else {
            self.case_number_in(&content)
        };
        let input = RegisterInput {
            channel,
            appellant: appellant.clone(),
            content: content.clone(),
            case_number,
            appeal_type: self.chance(0.5).then_some(template.appeal_type),
            area: None,
            complexity: None,
            urgency: Some(template.urgency),
            court_id: None,
        };
        self.clock.set(at);
        let order = orders::register(self.app, &ctx_of(city, registrar), input).await?;
        let phone = appellant.phone.unwrap_or_default();
        let id = order.id;
        let stage = if template.complexity == Complexity::Easy {
            Stage::Closed
        } else {
            self.stage_for(age)
        };
        if stage == Stage::Registered {
            return self.remember(id, phone, content);
        }
        at += Duration::minutes(self.rng.random_range(10..90));
        if repeat && self.chance(0.6) {
            let (target, ..) = self
                .earlier
                .iter()
                .rev()
                .find(|(_, p, _)| *p == phone)
                .cloned()
                .expect("repeat has an original");
            self.step(at, office, id, action(ActionName::Merge, json!({"target_id": target.0, "note": "同一诉求人就同一事项重复反映，合并办理"}))).await?;
            return Ok(());
        }
        if self.chance(0.04) && template.complexity != Complexity::Easy {
            self.step(at, office, id, action(ActionName::Screen, json!({"valid": false, "invalid_reason": "out_of_remit", "note": "所涉事项不属于法院职能范围，已告知诉求人向有关部门反映"}))).await?;
            return self.remember(id, phone, content);
        }
        let screen = json!({"valid": true, "type": template.appeal_type, "area": template.area,
            "complexity": template.complexity, "urgency": template.urgency});
        if !self
            .step(at, office, id, action(ActionName::Screen, screen))
            .await?
        {
            return self.remember(id, phone, content);
        }
        if template.complexity == Complexity::Easy {
            at += Duration::minutes(self.rng.random_range(2..20));
            self.step(
                at,
                registrar_or(office, registrar),
                id,
                action(
                    ActionName::Answer,
                    json!({"text": template.reply, "close": true}),
                ),
            )
            .await?;
            return self.remember(id, phone, content);
        }
        if stage == Stage::Screened {
            return self.remember(id, phone, content);
        }
        self.handle(template, &order, &court, office, stage, at)
            .await?;
        self.remember(id, phone, content)
    }

    fn case_number_in(&self, content: &str) -> Option<String> {
        let start = content.find('(')?;
        let end = content[start..].find('号')? + start + '号'.len_utf8();
        Some(content[start..end].to_string())
    }

    fn remember(&mut self, id: OrderId, phone: String, content: String) -> anyhow::Result<()> {
        self.earlier.push((id, phone, content));
        Ok(())
    }
}

/// Answers on the spot are given by an agent when one registered the appeal.
fn registrar_or<'a>(office: &'a Staff, registrar: &'a Staff) -> &'a Staff {
    if registrar
        .roles
        .contains(&tongban_domain::codes::Role::Agent)
    {
        registrar
    } else {
        office
    }
}
