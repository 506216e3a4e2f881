"""What the API and the pages render: plain functions over the store."""
