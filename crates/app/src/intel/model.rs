//! The triage model (分类模型): one classifier per suggested field, trained on the court's own
//! screened orders, stored as one JSON document per version.

use serde::{Deserialize, Serialize};
use tongban_store::triage::Example;
use tongban_text::{Classifier, ClassifierConfig, Prediction};

/// Fewer examples than this for a field: no classifier for it (the person decides).
const MIN_EXAMPLES: usize = 20;

/// The classifiers of one model version; a missing one suggests nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TriageModel {
    pub appeal_type: Option<Classifier>,
    pub area: Option<Classifier>,
    pub complexity: Option<Classifier>,
    pub urgency: Option<Classifier>,
    /// Labels are department ids (the route: court → department).
    pub route: Option<Classifier>,
}

/// How one field's classifier did on the held-out tenth of the examples.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldSummary {
    pub field: String,
    pub labels: usize,
    pub trained_on: usize,
    pub held_out: usize,
    /// Accuracy of the most likely label on the held-out examples.
    pub accuracy: f64,
    /// Share of held-out examples below the confidence threshold (left to people).
    pub abstained: f64,
    /// Accuracy on the held-out examples it did answer.
    pub accuracy_when_answered: f64,
}

/// The fields, with how an example gives each one's label.
type Labeler = fn(&Example) -> Option<String>;

const FIELDS: [(&str, Labeler); 5] = [
    ("type", |e| e.appeal_type.clone()),
    ("area", |e| e.area.clone()),
    ("complexity", |e| e.complexity.clone()),
    ("urgency", |e| e.urgency.clone()),
    ("route", |e| e.department_id.map(|d| d.to_string())),
];

impl TriageModel {
    /// Trains every field that has enough examples with two labels or more, the fields in
    /// parallel. Every tenth example is held out to measure the field; the classifier is
    /// trained on the other nine tenths.
    pub fn train(examples: &[Example]) -> (TriageModel, Vec<FieldSummary>) {
        let trained: Vec<Option<(Classifier, FieldSummary)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = FIELDS
                .iter()
                .map(|(name, label_of)| scope.spawn(move || train_field(name, *label_of, examples)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        });
        let mut model = TriageModel::default();
        let mut summaries = Vec::new();
        for ((name, _), field) in FIELDS.iter().zip(trained) {
            let Some((classifier, summary)) = field else {
                continue;
            };
            summaries.push(summary);
            let slot = match *name {
                "type" => &mut model.appeal_type,
                "area" => &mut model.area,
                "complexity" => &mut model.complexity,
                "urgency" => &mut model.urgency,
                _ => &mut model.route,
            };
            *slot = Some(classifier);
        }
        (model, summaries)
    }

    /// Every field's prediction for a text (`None` for a field without a classifier).
    pub fn predict(&self, content: &str) -> Predictions {
        let p = |c: &Option<Classifier>| c.as_ref().map(|c| c.predict(content));
        Predictions {
            appeal_type: p(&self.appeal_type),
            area: p(&self.area),
            complexity: p(&self.complexity),
            urgency: p(&self.urgency),
            route: p(&self.route),
        }
    }

    /// Only the suggested labels (above the threshold), without explanations: the fast path.
    pub fn labels(&self, content: &str) -> [Option<String>; 5] {
        let l = |c: &Option<Classifier>| {
            c.as_ref().and_then(|c| {
                let (best, confidence) = c.predict_index(&[content]);
                (confidence >= c.confidence_threshold()).then(|| c.labels()[best].clone())
            })
        };
        [
            l(&self.appeal_type),
            l(&self.area),
            l(&self.complexity),
            l(&self.urgency),
            l(&self.route),
        ]
    }
}

/// Predictions of every field.
#[derive(Debug, Clone)]
pub struct Predictions {
    pub appeal_type: Option<Prediction>,
    pub area: Option<Prediction>,
    pub complexity: Option<Prediction>,
    pub urgency: Option<Prediction>,
    pub route: Option<Prediction>,
}

fn train_field(
    name: &str,
    label_of: Labeler,
    examples: &[Example],
) -> Option<(Classifier, FieldSummary)> {
    let labelled: Vec<(&str, String)> = examples
        .iter()
        .filter_map(|e| label_of(e).map(|l| (e.content.as_str(), l)))
        .collect();
    if labelled.len() < MIN_EXAMPLES {
        return None;
    }
    let (train, held): (Vec<_>, Vec<_>) =
        labelled.iter().enumerate().partition(|(i, _)| i % 10 != 9);
    let train: Vec<(&str, &str)> = train.iter().map(|(_, (t, l))| (*t, l.as_str())).collect();
    let held: Vec<(&str, &str)> = held.iter().map(|(_, (t, l))| (*t, l.as_str())).collect();
    let classifier = Classifier::train(&train, &ClassifierConfig::default()).ok()?;
    let summary = summarise(name, &classifier, &held, train.len());
    Some((classifier, summary))
}

fn summarise(
    name: &str,
    probe: &Classifier,
    held: &[(&str, &str)],
    trained_on: usize,
) -> FieldSummary {
    let (mut right, mut answered, mut right_answered) = (0usize, 0usize, 0usize);
    for (text, label) in held {
        let (best, confidence) = probe.predict_index(&[text]);
        let ok = probe.labels()[best] == *label;
        right += usize::from(ok);
        if confidence >= probe.confidence_threshold() {
            answered += 1;
            right_answered += usize::from(ok);
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    FieldSummary {
        field: name.to_string(),
        labels: probe.labels().len(),
        trained_on,
        held_out: held.len(),
        accuracy: share(right, held.len()),
        abstained: 1.0 - share(answered, held.len()),
        accuracy_when_answered: share(right_answered, answered),
    }
}
