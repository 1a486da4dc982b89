"""Import a plan document (text conversion) into a draft schedule for an administrator to review."""
