# What each setting does, opened from the setting (explain.js).
