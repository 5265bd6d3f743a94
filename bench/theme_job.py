"""`make bench-themes`: the themes job on 50,000 texts (posts of a synthetic Dutch corpus with five planted
themes, inserted in SQL into an in-process SQLite database, or BENCH_DATABASE_URL) as `flask themes run` does it
(themes.services.run_scope: read, stem, weigh, choose k, group, store), against the issue's 2 minutes; the
baseline, measured in the same run, is the TF-IDF vectorisation of the same texts alone (stemming and bigrams
included). Writes results/themes-<timestamp>.json; prints the figures."""
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from world import bench_app, gemeente_owner  # noqa: E402

from core.extensions import db  # noqa: E402
from core.timeutil import utcnow  # noqa: E402
from tests.themes.corpus import PLANTED, planted_texts  # noqa: E402
from themes import pipeline, services  # noqa: E402
from themes.text import Vocabulary, normalise  # noqa: E402
from wijken.models import Post  # noqa: E402

TEXTS = 50_000
TARGET_S = 120


def insert_posts(owner, wijk_id: int, texts) -> None:
    rows = [{"wijk_id": wijk_id, "author_id": owner.id, "kind": "bericht", "title": text.split(" ")[0],
             "body": text, "body_html": text, "status": "published", "created_at": created}
            for _theme, text, created in texts]
    db.session.execute(Post.__table__.insert(), rows)
    db.session.commit()


def baseline(texts) -> float:
    """TF-IDF alone, as the pipeline builds it."""
    started = time.perf_counter()
    vocabulary = Vocabulary()
    documents = [vocabulary.terms(text) for _theme, text, _created in texts]
    TfidfVectorizer(analyzer=lambda d: d, min_df=pipeline.MIN_DF, max_df=pipeline.MAX_DF,
                    max_features=pipeline.MAX_TERMS, sublinear_tf=True, dtype=np.float32).fit_transform(documents)
    return time.perf_counter() - started


def planted_found(run) -> int:
    found = 0
    for words in PLANTED.values():
        vocabulary = {normalise(w) for w in words.split()}
        found += any(sum(t in vocabulary for t in theme.terms) >= 5 for theme in run.themes)
    return found


def main() -> None:
    texts = planted_texts(TEXTS, end=utcnow(), rising="afval")
    with tempfile.TemporaryDirectory() as tmp, bench_app(tmp):
        owner = gemeente_owner()
        insert_posts(owner, 1, texts)
        base = baseline(texts)
        started = time.perf_counter()
        run = services.run_scope(services.wijk_scope("bench"))
        job = time.perf_counter() - started
        results = {
            "texts": run.text_count, "themes": len(run.themes), "planted_found": f"{planted_found(run)} of 5",
            "job_s": round(job, 2), "baseline_tfidf_s": round(base, 2), "ratio_job_to_baseline": round(job / base, 2),
            "target_s": TARGET_S, "met": job < TARGET_S,
            "theme_sizes": [t.size for t in run.themes], "top_terms": [t.terms[:4] for t in run.themes],
        }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"themes-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
