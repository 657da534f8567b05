"""Use cases the screens call: drafts, reviews, rounds, history, stats, next up, export."""
