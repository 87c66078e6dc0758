"""The panes around the record table: sources, detail, abstract, welcome."""
