"""The dataset as a whole: its dumps (``export``) and its description (``void``)."""
