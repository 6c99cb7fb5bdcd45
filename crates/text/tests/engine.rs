//! Behaviour of the public API on small texts we wrote ourselves.

use tongban_text::*;

fn triage_examples() -> Vec<(&'static str, &'static str)> {
    vec![
        ("请问诉讼费可以缓交吗", "咨询"),
        ("立案需要带什么材料", "咨询"),
        ("网上立案怎么操作", "咨询"),
        ("申请财产保全要交多少保全费", "咨询"),
        ("法拍房过户需要交哪些税", "咨询"),
        ("我的案子立案三个月了还没开庭请尽快处理", "催办"),
        ("执行款一直没有发放请法院尽快发放", "催办"),
        ("判决生效半年了执行没有进展请督促", "催办"),
        ("案件拖了很久没有结果请加快审理", "催办"),
        ("请帮我联系承办法官我有新证据要提交", "联络法官"),
        ("想和书记员联系确认开庭时间", "联络法官"),
        ("法官电话一直打不通请转告法官回电", "联络法官"),
        ("我要找主审法官沟通案件情况", "联络法官"),
        ("执行法官态度恶劣推诿不办事我要投诉", "投诉"),
        ("窗口工作人员态度很差我要投诉", "投诉"),
        ("法警在门口刁难当事人我要投诉", "投诉"),
        ("投诉书记员不按时送达文书", "投诉"),
    ]
}

#[test]
fn classifier_trains_predicts_explains_and_round_trips() {
    let ex = triage_examples();
    let model = Classifier::train(&ex, &ClassifierConfig::default()).unwrap();
    assert_eq!(model.labels().len(), 4);
    let p = model.predict("我想联系承办法官提交证据");
    assert_eq!(p.best, "联络法官");
    assert!(p.confidence > 0.0 && p.confidence <= 1.0);
    assert!(!p.top_words.is_empty(), "{p:?}");
    assert_eq!(p.alternatives.len(), 3);
    let json = model.to_json().unwrap();
    let back = Classifier::from_json(&json).unwrap();
    assert_eq!(back.predict("我想联系承办法官提交证据"), p);
    // Deterministic: the same data gives the same model.
    let again = Classifier::train(&ex, &ClassifierConfig::default()).unwrap();
    assert_eq!(again.to_json().unwrap(), json);
}

#[test]
fn classifier_abstains_below_threshold() {
    let mut model = Classifier::train(&triage_examples(), &ClassifierConfig::default()).unwrap();
    model.set_confidence_threshold(1.01);
    let p = model.predict("今天天气怎么样");
    assert_eq!(p.label, None);
    model.set_confidence_threshold(0.0);
    assert!(model.predict("今天天气怎么样").label.is_some());
}

#[test]
fn classifier_rejects_bad_input() {
    assert!(matches!(
        Classifier::train(&[], &ClassifierConfig::default()),
        Err(TextError::NoExamples)
    ));
    assert!(matches!(
        Classifier::train(&[("a", "x"), ("b", "x")], &ClassifierConfig::default()),
        Err(TextError::TooFewLabels(1))
    ));
    let json = Classifier::train(&triage_examples(), &ClassifierConfig::default())
        .unwrap()
        .to_json()
        .unwrap();
    let wrong = json.replacen(
        &format!("\"format_version\":{MODEL_FORMAT_VERSION}"),
        "\"format_version\":999",
        1,
    );
    assert!(matches!(
        Classifier::from_json(&wrong),
        Err(TextError::FormatVersion { found: 999, .. })
    ));
}

#[test]
fn two_field_classifier() {
    let ex: Vec<(Vec<&str>, &str)> = vec![
        (vec!["催办", "立案后一直没有开庭"], "催办"),
        (vec!["催促执行", "执行款还没到账"], "催办"),
        (vec!["咨询", "诉讼费怎么交"], "咨询"),
        (vec!["问问", "保全费多少钱"], "咨询"),
    ];
    let m = Classifier::train_fields(&ex, &ClassifierConfig::default()).unwrap();
    assert_eq!(m.predict_fields(&["催办", "一直没开庭"]).best, "催办");
}

#[test]
fn paraphrase_model_learns_and_round_trips() {
    let base = [
        ("诉讼费可以缓交吗", "诉讼费能不能缓交", true),
        ("立案需要什么材料", "立案要准备哪些材料", true),
        ("法拍房要交哪些税", "法拍房的税费有哪些", true),
        ("怎么联系承办法官", "承办法官的联系方式是什么", true),
        ("执行款什么时候发放", "执行款多久能拿到", true),
        ("开庭时间怎么查询", "怎么查开庭时间", true),
        ("诉讼费可以缓交吗", "诉讼费怎么退", false),
        ("立案需要什么材料", "开庭需要什么材料", false),
        ("法拍房要交哪些税", "法拍房能贷款吗", false),
        ("怎么联系承办法官", "怎么投诉承办法官", false),
        ("执行款什么时候发放", "执行异议怎么提", false),
        ("开庭时间怎么查询", "判决书怎么查询", false),
    ];
    let mut pairs = Vec::new();
    for _ in 0..3 {
        pairs.extend_from_slice(&base);
    }
    let m = ParaphraseModel::train(&pairs, &ParaphraseConfig::default()).unwrap();
    assert!(
        m.probability("诉讼费可以缓交吗", "诉讼费能缓交吗")
            > m.probability("诉讼费可以缓交吗", "诉讼费怎么退")
    );
    let back = ParaphraseModel::from_json(&m.to_json().unwrap()).unwrap();
    assert_eq!(back.threshold(), m.threshold());
    assert_eq!(
        back.probability("立案要什么材料", "立案需要哪些材料"),
        m.probability("立案要什么材料", "立案需要哪些材料")
    );
}

#[test]
fn knowledge_base_answers_and_hands_over() {
    let entries = vec![
        KbEntry {
            id: "fee".into(),
            question: "诉讼费可以缓交吗".into(),
            alternatives: vec!["交不起诉讼费怎么办".into()],
            answer: "经济确有困难的可以申请缓交、减交或免交诉讼费。".into(),
        },
        KbEntry {
            id: "file".into(),
            question: "网上立案怎么操作".into(),
            alternatives: vec![],
            answer: "登录人民法院在线服务，选择网上立案，上传起诉状和证据。".into(),
        },
        KbEntry {
            id: "judge".into(),
            question: "怎么联系承办法官".into(),
            alternatives: vec!["法官电话是多少".into()],
            answer: "可拨打12368热线留言，由承办法官回电。".into(),
        },
    ];
    let kb = KbIndex::build(entries, KbConfig::default());
    assert_eq!(kb.len(), 3);
    let hits = kb.search("我交不起诉讼费能缓交吗", 3);
    assert_eq!(hits[0].id, "fee");
    assert!(hits[0].confidence > 0.0);
    match kb.answer("我交不起诉讼费能缓交吗") {
        KbAnswer::Answer(h) => assert_eq!(h.id, "fee"),
        KbAnswer::HandOver(h) => assert_eq!(h.map(|h| h.id).as_deref(), Some("fee")),
    }
    assert!(matches!(kb.answer("今天晚饭吃什么"), KbAnswer::HandOver(_)));
    assert!(kb.entry("judge").is_some());
}

#[test]
fn knowledge_base_top_k_is_a_prefix_of_the_full_ranking() {
    let topics = [
        "立案",
        "诉讼费",
        "执行款",
        "调解",
        "上诉",
        "保全",
        "法拍房",
        "卷宗",
    ];
    let entries: Vec<KbEntry> = (0..40)
        .map(|i| KbEntry {
            id: i.to_string(),
            question: format!("{}怎么办理第{}类", topics[i % 8], i / 8),
            alternatives: vec![format!("请问{}需要什么材料", topics[(i + 3) % 8])],
            answer: format!("{}的办理方法见诉讼服务指南。", topics[i % 8]),
        })
        .collect();
    let kb = KbIndex::build(entries, KbConfig::default());
    for q in [
        "诉讼费怎么办理",
        "我想申请保全需要什么材料",
        "法拍房和执行款",
    ] {
        let all = kb.search(q, 40);
        assert!(all.len() > 3, "{q}: {all:?}");
        assert!(all.windows(2).all(|w| w[0].score >= w[1].score), "{q}");
        assert_eq!(kb.search(q, 3), all[..3].to_vec(), "{q}");
        assert_eq!(kb.search(q, 1), all[..1].to_vec(), "{q}");
    }
}

#[test]
fn segmenter_and_normalize_work_together() {
    let words = Segmenter::global().words("ＡＢＣ公司被列为失信被执行人，限制高消费！");
    assert!(words.contains(&"失信被执行人".to_string()), "{words:?}");
    assert!(words.contains(&"限制高消费".to_string()), "{words:?}");
    assert_eq!(normalize("ＡＢＣ"), "abc");
}
