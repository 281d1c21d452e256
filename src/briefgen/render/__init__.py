"""A checked brief to bytes: layout, templates, Markdown, HTML, PDF, charts and styles."""
