"""Exports a teacher imports elsewhere: a document's questions as Moodle XML and as GIFT."""
