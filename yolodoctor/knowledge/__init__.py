"""Loading compat/ and rules/ (shipped inside the wheel as yolodoctor/_data)."""
