"""OpenAI chat completions, also used for OpenAI-compatible local servers (Ollama, LM Studio)."""
