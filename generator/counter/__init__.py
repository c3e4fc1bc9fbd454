"""docgen counter: the local web form for counter staff (Flask on 127.0.0.1)."""
