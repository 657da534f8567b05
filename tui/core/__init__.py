"""Plain logic: no I/O, no Textual, deterministic (clocks are arguments), tested alone.

- model: the content (tracks, prompts, scaffolds, rounds, stories, competencies, Library)
- records: what crosses between the store and the screens (attempts, reviews, progress)
- durations, timer, timer_view: the practice clock, its view and how times are written
- autosave: when to offer text to the writer, and the latest-wins writer thread
- rounds: a mock round's questions, limits and clock
- scheduling: FSRS per prompt, and today's Next up; planning: a plan toward a date
- insights, answer_text: what an answer's words show; coaching: questions from its gaps
- stats: the figures of the progress view; stories: the story bank's coverage and drills
- settings: config.toml read strictly
"""
