"""The reference of bench/sentiment-train: scikit-learn's TfidfVectorizer (word 1-2 grams) and
LogisticRegression (liblinear) on the same <label>/*.txt folders. Prints one JSON line."""
import json, os, resource, sys, time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score


def read_tree(root):
    texts, labels = [], []
    for label in sorted(os.listdir(root)):
        folder = os.path.join(root, label)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                texts.append(f.read())
            labels.append(label)
    return texts, labels


started = time.perf_counter()
train_texts, train_labels = read_tree(sys.argv[1])
test_texts, test_labels = read_tree(sys.argv[2])
vectorizer = TfidfVectorizer(ngram_range=(1, 2))
features = vectorizer.fit_transform(train_texts)
model = LogisticRegression(solver="liblinear").fit(features, train_labels)
accuracy = accuracy_score(test_labels, model.predict(vectorizer.transform(test_texts)))
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "accuracy": accuracy,
    "features": features.shape[1],
}))
