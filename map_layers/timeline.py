"""TEMP STUB (not committed)."""
def compile_events(frame, lang, user=False):
    return []
