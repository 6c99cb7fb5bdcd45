//! One simulated day: hour by hour, the calls of that hour (concurrently), the callback queue
//! worked at the end of each hour, appeals from other channels, and the handler's answers at
//! the end of the day.

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use futures::StreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use tongban_domain::time::china;

use super::client::Api;
use super::said;

/// Numbers that call; drawn with a bias so that some call again within days.
const CALLERS: u64 = 30_000;
/// Cases in the simulated directory; their first party's phone is a caller's.
const CASES: u64 = 300;

/// The fixtures every day uses.
pub struct World {
    handler: Value,
}

fn caller(n: u64) -> String {
    format!("135{:08}", n % CALLERS)
}

fn case_number(n: u64) -> String {
    if n.is_multiple_of(3) {
        format!("(2026)粤03执{}号", 1000 + n)
    } else {
        format!("(2026)粤03民初{}号", 1000 + n)
    }
}

impl World {
    /// Imports the case directory (replacing the same numbers) and finds the handler.
    pub async fn prepare(api: &Api) -> anyhow::Result<World> {
        let cases: Vec<Value> = (0..CASES)
            .map(|n| {
                let enforcement = n.is_multiple_of(3);
                let stage = ["已立案", "审理中", "已开庭", "已判决", "执行中"][(n % 5) as usize];
                json!({
                    "case_number": case_number(n),
                    "court_code": "粤03",
                    "department": if enforcement { "执行局" } else { "民事审判第一庭" },
                    "judge_username": if enforcement { "zj_zhi1" } else { "zj_min1" },
                    "judge_name": if enforcement { "曾志伟" } else { "承办法官" },
                    "parties": [{"name": format!("当事人{n}"), "phone": caller(n * 97)}, {"name": "某某公司"}],
                    "stage": stage,
                    "next_hearing": format!("2026-12-{:02} 09:30", 1 + n % 28),
                })
            })
            .collect();
        api.post("admin", "/api/v1/cases/import", json!({"cases": cases}))
            .await?;
        let users = api.get("/api/v1/users").await?;
        let handler = users
            .as_array()
            .and_then(|u| u.iter().find(|u| u["username"] == "zj_zhi1"))
            .cloned()
            .context("the demo handler zj_zhi1")?;
        Ok(World { handler })
    }

    fn route(&self) -> Value {
        json!({"court_id": self.handler["court_id"], "department_id": self.handler["department_id"], "handler_id": self.handler["id"]})
    }
}

/// What a day produced.
#[derive(Debug, Default)]
pub struct Done {
    pub calls: u32,
    pub turns: u32,
    pub orders: u32,
    pub callbacks: u32,
}

/// One call's script, decided up front.
struct Call {
    id: String,
    caller: String,
    minute: i64,
    /// 0..100: < 3 abandoned; every other call reaches the virtual agent first.
    path: u32,
    seed: u64,
}

fn instant(date: NaiveDate, hour: u32, minute: i64) -> chrono::DateTime<Utc> {
    let local = date.and_hms_opt(hour, 0, 0).expect("an hour of the day");
    china()
        .from_local_datetime(&local)
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc)
        + chrono::Duration::minutes(minute)
}

pub async fn simulate(
    api: &Api,
    world: &World,
    date: NaiveDate,
    calls: u32,
) -> anyhow::Result<Done> {
    let mut rng = StdRng::seed_from_u64(date.to_string().bytes().map(u64::from).sum());
    let mut done = Done::default();
    let hours: Vec<u32> = (8..20).collect();
    for (i, &hour) in hours.iter().enumerate() {
        let now = instant(date, hour, 0);
        api.set_clock(now).await?;
        let share = calls / hours.len() as u32 + u32::from((i as u32) < calls % hours.len() as u32);
        let script: Vec<Call> = (0..share)
            .map(|k| {
                // A fifth of the calls come from a small set of numbers: repeat callers.
                let n = if rng.random_ratio(1, 5) {
                    rng.random_range(0..500)
                } else {
                    rng.random_range(0..CALLERS)
                };
                Call {
                    id: format!("sim-{date}-{hour}-{k}"),
                    caller: caller(n),
                    minute: rng.random_range(0..55),
                    path: rng.random_range(0..100),
                    seed: rng.random(),
                }
            })
            .collect();
        let results: Vec<anyhow::Result<(u32, u32)>> = futures::stream::iter(script)
            .map(|call| one_call(api, world, date, hour, call))
            .buffer_unordered(api.concurrency)
            .collect()
            .await;
        for r in results {
            let (turns, orders) = r?;
            done.calls += 1;
            done.turns += turns;
            done.orders += orders;
        }
        api.set_clock(instant(date, hour, 58)).await?;
        done.callbacks += work_callbacks(api, &mut rng).await?;
    }
    done.orders += other_channels(api, &mut rng, date).await?;
    handlers_answer(api, &mut rng).await?;
    Ok(done)
}

async fn event(
    api: &Api,
    call: &Call,
    event: &str,
    at: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    api.post(
        "agent1",
        "/api/v1/calls",
        json!({"call_id": call.id, "caller": call.caller, "event": event, "at": at, "agent_id": "A01", "ivr_path": "1"}),
    )
    .await
    .map(|_| ())
}

/// Plays one call; returns (virtual-agent turns, orders registered).
async fn one_call(
    api: &Api,
    world: &World,
    date: NaiveDate,
    hour: u32,
    call: Call,
) -> anyhow::Result<(u32, u32)> {
    let start = instant(date, hour, call.minute);
    let mut rng = StdRng::seed_from_u64(call.seed);
    event(api, &call, "offered", start).await?;
    let (mut turns, mut orders) = (0, 0);
    if call.path < 3 {
        event(
            api,
            &call,
            "abandoned",
            start + chrono::Duration::seconds(40),
        )
        .await?;
        return Ok((0, 0));
    }
    event(
        api,
        &call,
        "answered_by_assistant",
        start + chrono::Duration::seconds(5),
    )
    .await?;
    let session = api
        .post(
            "agent1",
            "/api/v1/assistant/sessions",
            json!({"channel": "hotline", "caller": call.caller, "call_id": call.id}),
        )
        .await?;
    let id = session["id"].as_i64().context("session id")?;
    let party_case = (0..CASES).find(|n| caller(n * 97) == call.caller);
    let pick = |rng: &mut StdRng, from: &[&str]| from[rng.random_range(0..from.len())].to_string();
    let mut said = match (party_case, rng.random_range(0..100)) {
        (Some(n), 0..=59) => format!("{}现在什么进度", case_number(n)),
        (Some(n), _) => format!("我要联系法官，案号{}", case_number(n)),
        (None, 0..=2) => pick(&mut rng, said::WANT_A_PERSON),
        (None, 3..=4) => pick(&mut rng, said::GRIEVANCES),
        (None, 5..=11) => pick(&mut rng, said::OUTSIDE),
        _ => pick(&mut rng, said::ROUTINE),
    };
    // Asked to clarify (mostly for a case number), the caller answers with the number of their
    // own case, or of a case they are not a registered party of.
    let mut needs_agent = false;
    for _ in 0..3 {
        let reply = api
            .post(
                "agent1",
                &format!("/api/v1/assistant/sessions/{id}/turns"),
                json!({"text": said}),
            )
            .await?;
        turns += 1;
        orders += u32::from(reply["order_id"].is_i64());
        needs_agent = reply["action"] == "handover";
        if reply["action"] != "clarify" {
            break;
        }
        let n = party_case.unwrap_or_else(|| rng.random_range(0..CASES));
        said = format!("案号是{}", case_number(n));
    }
    if needs_agent {
        event(
            api,
            &call,
            "answered_by_agent",
            start + chrono::Duration::seconds(60),
        )
        .await?;
        // One agent call in four becomes an order: two in three answered on the spot, one in
        // three dispatched to a handler (with the virtual agent's orders, about the 3% of calls the
        // seed says need a handler).
        if rng.random_ratio(1, 4) {
            orders += 1;
            register_by_agent(api, world, &call.caller, rng.random_ratio(1, 3)).await?;
        }
    }
    event(api, &call, "ended", start + chrono::Duration::minutes(4)).await?;
    Ok((turns, orders))
}

async fn register_by_agent(
    api: &Api,
    world: &World,
    phone: &str,
    dispatch: bool,
) -> anyhow::Result<()> {
    let order = api
        .post("agent1", "/api/v1/orders", json!({
            "channel": "hotline",
            "appellant": {"name": "来电群众", "phone": phone},
            "content": if dispatch { "执行款一直没有到账，联系不上承办人，请督促。" } else { "咨询诉讼费缓交的条件和手续。" },
            "type": if dispatch { "urging" } else { "consultation" },
        }))
        .await?;
    let id = order["id"].as_i64().context("order id")?;
    let path = |action: &str| format!("/api/v1/orders/{id}/actions/{action}");
    if dispatch {
        api.post("office1", &path("screen"), json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": "simple", "urgency": "normal"})).await?;
        api.post("office1", &path("dispatch"), world.route())
            .await?;
    } else {
        api.post("agent1", &path("screen"), json!({"valid": true, "type": "consultation", "area": "litigation_service", "complexity": "easy", "urgency": "normal"})).await?;
        api.post(
            "agent1",
            &path("answer"),
            json!({"text": "已告知缓交条件与申请材料。", "close": true}),
        )
        .await?;
    }
    Ok(())
}

/// The agents call back most of the open tasks at the end of the hour.
async fn work_callbacks(api: &Api, rng: &mut StdRng) -> anyhow::Result<u32> {
    let open = api
        .get("/api/v1/callbacks?status=open&per_page=200")
        .await?;
    let mut worked = 0;
    for task in open["items"].as_array().into_iter().flatten() {
        if !rng.random_ratio(9, 10) {
            continue;
        }
        let outcome = if rng.random_ratio(1, 6) {
            "unreachable"
        } else {
            "reached"
        };
        let id = task["id"].as_i64().context("callback id")?;
        api.post(
            "agent1",
            &format!("/api/v1/callbacks/{id}/outcome"),
            json!({"outcome": outcome}),
        )
        .await?;
        worked += 1;
    }
    Ok(worked)
}

/// Letters, visits and the web: a few dozen appeals a day.
async fn other_channels(api: &Api, rng: &mut StdRng, date: NaiveDate) -> anyhow::Result<u32> {
    let n = rng.random_range(30..50);
    for k in 0..n {
        let channel = ["letter", "visit", "web", "organ"][k % 4];
        api.post("agent1", "/api/v1/orders", json!({
            "channel": channel,
            "appellant": {"name": format!("群众{date}-{k}"), "phone": caller(rng.random_range(0..CALLERS))},
            "content": "反映案件审理期限过长，希望法院尽快处理。",
            "type": "urging",
        }))
        .await?;
    }
    Ok(n as u32)
}

/// The handler accepts and replies to most dispatched orders by the end of the day; the rest
/// wait (and run late).
async fn handlers_answer(api: &Api, rng: &mut StdRng) -> anyhow::Result<()> {
    let list = api
        .send(
            "zj_zhi1",
            reqwest::Method::GET,
            "/api/v1/orders?status=dispatched&per_page=200",
            None,
        )
        .await?;
    for order in list["items"].as_array().into_iter().flatten() {
        if !rng.random_ratio(3, 4) {
            continue;
        }
        let id = order["id"].as_i64().context("order id")?;
        api.post(
            "zj_zhi1",
            &format!("/api/v1/orders/{id}/actions/accept"),
            json!({}),
        )
        .await?;
        api.post(
            "zj_zhi1",
            &format!("/api/v1/orders/{id}/actions/reply"),
            json!({"text": "已督促执行款发放，预计三个工作日内到账。"}),
        )
        .await?;
    }
    Ok(())
}
