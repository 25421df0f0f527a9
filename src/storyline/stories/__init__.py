"""Stories: articles grouped by the real-world story they report (`cluster.py`)."""

from storyline.stories.cluster import BatchResult, ClusterConfig, StoryClusterer
from storyline.stories.features import FeatureExtractor

__all__ = ["BatchResult", "ClusterConfig", "FeatureExtractor", "StoryClusterer"]
