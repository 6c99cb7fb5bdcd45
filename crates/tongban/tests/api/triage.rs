//! 分类 triage suggestions from a model trained on the court's own screened orders, versioned,
//! with accepted and overridden suggestions counted; 重复件 repeats by person, case number and
//! near-identical content, within the reader's scope.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    triage_suggests_from_a_trained_model,
    repeats_are_found_by_person_case_and_content
);

const URGING: &[&str] = &[
    "执行款一直没有到账，请帮忙催一下承办法官。",
    "申请执行三个月了执行款还没有发放，催办。",
    "被执行人的财产已经拍卖，执行款什么时候到账？请催促。",
    "执行案件一直没有进展，执行款迟迟不到，请督促法官。",
    "我的执行款被扣在法院账户上，请尽快发放，催办一下。",
    "案款到账了吗？执行法官不回电话，请催办。",
    "强制执行半年了，执行款一分没到，请帮忙催。",
    "执行款发放进度太慢了，请催促执行局。",
    "法院说执行款已经划扣，为什么还没有发放给我？",
    "请催一下执行款，申请执行人等着用钱。",
    "执行到位的款项迟迟没有转给我，请催办。",
    "执行款到账时间一拖再拖，请尽快处理。",
];

const COMPLAINT: &[&str] = &[
    "投诉立案窗口工作人员态度恶劣，对群众大喊大叫。",
    "我要投诉法官开庭时态度粗暴，不让我说话。",
    "投诉书记员服务态度差，多次挂断电话。",
    "窗口工作人员推诿扯皮，态度蛮横，我要投诉。",
    "投诉法警在安检时辱骂当事人，态度极差。",
    "法官庭审中对我冷嘲热讽，态度恶劣，投诉。",
    "投诉诉讼服务中心人员玩手机不理人，服务态度差。",
    "工作人员接待时态度冷漠，言语不文明，我要投诉。",
    "投诉导诉员态度恶劣，不耐心解答问题。",
    "投诉执行法官对申请人态度粗暴蛮横。",
    "对法院工作人员的恶劣服务态度进行投诉。",
    "我投诉接电话的工作人员态度很差还骂人。",
];

fn appeal(content: &str, phone: &str) -> Value {
    json!({
        "channel": "hotline",
        "appellant": {"name": "王五", "phone": phone},
        "content": content,
        "urgency": "normal"
    })
}

/// Registers and screens the examples the model learns from.
pub(crate) async fn screened_history(app: &TestApp) {
    for (i, content) in URGING.iter().enumerate() {
        let id = app
            .register("agent", appeal(content, &format!("139000000{i:02}")))
            .await["id"]
            .as_i64()
            .unwrap();
        app.act_ok("office", id, "screen", json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": "simple", "urgency": "normal"})).await;
    }
    for (i, content) in COMPLAINT.iter().enumerate() {
        let id = app
            .register("agent", appeal(content, &format!("137000000{i:02}")))
            .await["id"]
            .as_i64()
            .unwrap();
        app.act_ok("office", id, "screen", json!({"valid": true, "type": "complaint", "area": "litigation_service", "complexity": "easy", "urgency": "urgent"})).await;
    }
}

async fn triage_suggests_from_a_trained_model(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let text = json!({"content": "执行款拖了好几个月还没到账，麻烦催一下法官"});
    let (status, before) = app.post("agent", "/api/v1/triage", text.clone()).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before["model_version"], Value::Null);
    assert_eq!(
        before["suggestions"]["type"],
        Value::Null,
        "no model, no suggestion"
    );

    let (status, refused) = app.post("office", "/api/v1/triage/models", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "too_few_examples");
    screened_history(&app).await;
    let (status, refused) = app
        .post("handler", "/api/v1/triage/models", json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (status, trained) = app.post("office", "/api/v1/triage/models", json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{trained}");
    assert_eq!(trained["version"], 1);
    assert_eq!(trained["trained_on"], 24);
    let fields: Vec<&str> = trained["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["type", "area", "complexity", "urgency"]);

    let (status, triage) = app.post("agent", "/api/v1/triage", text).await;
    assert_eq!(status, StatusCode::OK, "{triage}");
    assert_eq!(triage["model_version"], 1);
    let s = &triage["suggestions"];
    assert_eq!(s["type"]["value"], "urging", "{triage}");
    assert_eq!(s["type"]["label"], "催办");
    assert_eq!(s["area"]["value"], "enforcement", "{triage}");
    for field in ["type", "area", "complexity", "urgency"] {
        if !s[field].is_null() {
            assert!(
                s[field]["confidence"].as_f64().unwrap() >= 0.5,
                "{field}: {s}"
            );
        }
    }
    assert!(
        s["type"]["words"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| ["执行", "执行款", "到账", "催"].contains(&w.as_str().unwrap())),
        "the words that drove it: {s}"
    );
    let (status, complaint) = app
        .post(
            "agent",
            "/api/v1/triage",
            json!({"content": "投诉窗口人员态度恶劣"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        complaint["suggestions"]["type"]["value"], "complaint",
        "{complaint}"
    );

    let (status, error) = app
        .post("agent", "/api/v1/triage", json!({"content": "  "}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["code"], "empty_content");

    // A new order gets the active model's suggestion on record; screening accepts or overrides.
    let new = app
        .register("agent", appeal("执行款迟迟没有发放，请催办", "13600000001"))
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, of_order) = app
        .get("office", &format!("/api/v1/orders/{new}/triage"))
        .await;
    assert_eq!(status, StatusCode::OK, "{of_order}");
    assert_eq!(of_order["suggestions"]["type"]["value"], "urging");
    app.act_ok("office", new, "screen", json!({"valid": true, "type": "urging", "area": "trial", "complexity": "simple", "urgency": "normal"})).await;
    let (status, models) = app.get("office", "/api/v1/triage/models").await;
    assert_eq!(status, StatusCode::OK, "{models}");
    let model = &models["items"][0];
    assert_eq!(model["version"], 1);
    assert_eq!(model["active"], true);
    let outcome = |field: &str| {
        model["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["field"] == field)
            .cloned()
            .unwrap()
    };
    assert_eq!(outcome("type")["accepted"], 1, "{model}");
    assert_eq!(outcome("type")["overridden"], 0);
    assert_eq!(outcome("area")["overridden"], 1, "{model}");

    // Training again makes a new active version.
    let (_, again) = app.post("office", "/api/v1/triage/models", json!({})).await;
    assert_eq!(again["version"], 2);
    let (_, models) = app.get("office", "/api/v1/triage/models").await;
    assert_eq!(models["items"][0]["active"], true);
    assert_eq!(models["items"][1]["active"], false);
}

async fn repeats_are_found_by_person_case_and_content(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    // Same content from another channel and another phone.
    let mut web = TestApp::appeal();
    web["channel"] = json!("web");
    web["appellant"] = json!({"name": "李四", "phone": "13900001111"});
    web["case_number"] = Value::Null;
    web["content"] = json!("我的执行案件执行款一直没有到账，联系不上承办法官，请帮忙催办！！");
    let second = app.register("agent", web).await["id"].as_i64().unwrap();
    let unrelated = app
        .register("agent", appeal("诉讼费退费手续怎么办理？", "13500002222"))
        .await["id"]
        .as_i64()
        .unwrap();

    let (status, similar) = app
        .get("office", &format!("/api/v1/orders/{second}/similar"))
        .await;
    assert_eq!(status, StatusCode::OK, "{similar}");
    let items = similar["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{similar}");
    assert_eq!(items[0]["order_id"], first);
    assert_eq!(items[0]["reason"], "similar_content");
    assert!(items[0]["score"].as_f64().unwrap() >= 0.8, "{similar}");

    // At registration: same phone, same ID number, same case number.
    let probe = json!({
        "content": "再问一下诉讼费的事情",
        "phone": "138-1234-5678",
        "id_number": "11010519491231002x",
        "case_number": "（2026）粤03执1234号"
    });
    let (status, triage) = app.post("agent", "/api/v1/triage", probe.clone()).await;
    assert_eq!(status, StatusCode::OK, "{triage}");
    let similar = triage["similar"].as_array().unwrap();
    assert_eq!(similar.len(), 1, "{triage}");
    assert_eq!(similar[0]["order_id"], first);
    assert_eq!(similar[0]["reason"], "same_id_number");
    assert_eq!(similar[0]["score"], 1.0);
    assert_eq!(
        similar[0]["reasons"],
        json!(["same_id_number", "same_phone", "same_case_number"])
    );
    assert!(!similar.iter().any(|s| s["order_id"] == unrelated));

    // Another court's agent does not learn of the city's orders.
    let (_, theirs) = app.post("b_agent", "/api/v1/triage", probe).await;
    assert_eq!(theirs["similar"], json!([]), "{theirs}");
    let (status, _) = app
        .get("b_agent", &format!("/api/v1/orders/{second}/similar"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
