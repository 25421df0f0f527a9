"""storyline: news articles in, stories out."""
