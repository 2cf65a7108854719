//! Quote extraction benchmarks: extraction and attribution alone, and the full pipeline with
//! stance, on the team's sample articles (`datasets/articles/*.txt`).
//! Run: `cargo bench --bench extract`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quotestance::StanceModel;
use quotestance::annotate::annotate;
use quotestance::quotes::extract;

fn articles() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("datasets/articles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("article"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = articles();
    let bytes: usize = articles.iter().map(String::len).sum();
    let model = StanceModel::default_model();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("quotes_and_speakers_all_articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| extract(black_box(a)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("full_pipeline_with_stance_all_articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| annotate(black_box(a), Some(model)).len())
                .sum::<usize>()
        })
    });
    // One long article (all samples joined): checks that cost stays linear in length.
    let long = articles.join("\n\n");
    group.bench_function("quotes_and_speakers_one_long_article", |b| {
        b.iter(|| extract(black_box(&long)).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
