//! Stance pipeline benchmarks: feature extraction, classification, training.
//!
//! Inputs are the team's labelled quotes (`datasets/stance-*.csv`), read outside the timed code.
//! Run: `cargo bench --bench stance`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use quotestance::data::{ReadOptions, read_quote_file};
use quotestance::features::{FeatureConfig, FeatureExtractor, IndexSink, SparseVector};
use quotestance::model::{Example, Regularization, TrainParams, TrainingSet};
use quotestance::{QuoteInput, StanceModel};

/// Every labelled quote of the team's dataset, as (text, cue, label).
fn quotes() -> Vec<(String, Option<String>, quotestance::Stance)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
    ["stance-train.csv", "stance-dev.csv", "stance-test.csv"]
        .iter()
        .flat_map(|f| {
            read_quote_file(&root.join(f), &ReadOptions::labelled())
                .expect("dataset")
                .rows
        })
        .map(|r| (r.text, r.cue, r.label.expect("labelled")))
        .collect()
}

fn input(q: &(String, Option<String>, quotestance::Stance)) -> QuoteInput<'_> {
    match &q.1 {
        Some(cue) => QuoteInput::with_cue(&q.0, cue),
        None => QuoteInput::new(&q.0),
    }
}

fn features(c: &mut Criterion) {
    let quotes = quotes();
    let bytes: usize = quotes
        .iter()
        .map(|q| q.0.len() + q.1.as_ref().map_or(0, String::len))
        .sum();
    let extractor = FeatureExtractor::new(FeatureConfig::default());
    let model = StanceModel::default_model();
    let mut group = c.benchmark_group("features");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("extract_keys_all_quotes", |b| {
        let mut keys = Vec::new();
        b.iter(|| {
            for q in &quotes {
                keys.clear();
                extractor.extract(input(q), &mut keys);
            }
            black_box(keys.len())
        })
    });
    let joined: String = quotes
        .iter()
        .map(|q| q.0.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    group.throughput(Throughput::Bytes(joined.len() as u64));
    group.bench_function("extract_keys_one_long_text", |b| {
        let mut keys = Vec::new();
        b.iter(|| {
            keys.clear();
            extractor.extract(QuoteInput::new(&joined), &mut keys);
            black_box(keys.len())
        })
    });
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("extract_and_vectorize_all_quotes", |b| {
        let mut vector = SparseVector::default();
        let vocabulary = model.vocabulary();
        b.iter(|| {
            for q in &quotes {
                vector.indices.clear();
                extractor.extract(
                    input(q),
                    &mut IndexSink {
                        vocabulary,
                        vector: &mut vector,
                    },
                );
                vocabulary.weigh(&mut vector);
            }
            black_box(vector.len())
        })
    });
    group.finish();
}

fn classify(c: &mut Criterion) {
    let quotes = quotes();
    let model = StanceModel::default_model();
    let mut group = c.benchmark_group("classify");
    let one = &quotes[quotes.len() / 2];
    group.throughput(Throughput::Elements(1));
    group.bench_function("one_quote", |b| {
        b.iter(|| black_box(model.predict(input(black_box(one))).label))
    });
    group.throughput(Throughput::Elements(quotes.len() as u64));
    group.bench_function("batch_all_quotes_one_core", |b| {
        b.iter(|| {
            quotes
                .iter()
                .map(|q| model.predict(input(q)).label as usize)
                .sum::<usize>()
        })
    });
    group.finish();
}

fn train(c: &mut Criterion) {
    let quotes = quotes();
    // 5,000 rows: the dataset's quotes, cycled (timing only; the repeats change no cost).
    let examples: Vec<Example<'_>> = quotes
        .iter()
        .cycle()
        .take(5000)
        .map(|q| Example {
            input: input(q),
            label: q.2,
        })
        .collect();
    let set = TrainingSet {
        examples,
        source_name: "bench".into(),
        source_sha256: String::new(),
    };
    let params = TrainParams::default().c(Regularization::Fixed(10.0));
    let mut group = c.benchmark_group("train");
    group.sample_size(10);
    group.bench_with_input(
        BenchmarkId::new("fit_fixed_c_no_cv", 5000),
        &set,
        |b, set| {
            b.iter(|| {
                black_box(
                    params
                        .clone()
                        .cross_validate(false)
                        .fit(set, None)
                        .expect("fit"),
                )
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("cross_validate_5_fold", 5000),
        &set,
        |b, set| b.iter(|| black_box(params.cross_validation(set).expect("cv"))),
    );
    group.finish();
}

criterion_group!(benches, features, classify, train);
criterion_main!(benches);
