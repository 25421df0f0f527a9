"""The language layer: sentences, entities, actors, places and temporal expressions."""
