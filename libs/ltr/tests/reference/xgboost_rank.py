"""Trains XGBoost rank:ndcg (Debian's python3-xgboost) on an SVMlight train file and prints, as JSON,
NDCG@k on a test file (XGBoost's own metric) and the test predictions. Used by the parity test and
bench/ranker-train as the field-standard reference."""
import json
import resource
import sys
import time

import xgboost as xgb


def main():
    train_path, test_path, trees, depth, eta = sys.argv[1:6]
    train = xgb.DMatrix(train_path + "?format=libsvm")
    test = xgb.DMatrix(test_path + "?format=libsvm")
    params = {
        "objective": "rank:ndcg",
        "eta": float(eta),
        "max_depth": int(depth),
        "tree_method": "hist",
        "max_bin": 256,
        "eval_metric": ["ndcg@1", "ndcg@5", "ndcg@10", "map"],
        "seed": 42,
        "nthread": 1,
    }
    started = time.time()
    booster = xgb.train(params, train, num_boost_round=int(trees))
    seconds = time.time() - started
    scores = booster.eval(test)
    metrics = {part.split(":")[0]: float(part.split(":")[1]) for part in scores.split("\t")[1:]}
    started = time.time()
    predictions = booster.predict(test)
    predict_seconds = time.time() - started
    print(json.dumps({"metrics": metrics, "train_seconds": seconds, "predict_seconds": predict_seconds,
                      "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "predictions": [float(p) for p in predictions]}))


main()
