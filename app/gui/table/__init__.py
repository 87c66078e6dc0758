"""The record table: columns as data, a model over record ids, and its view."""
