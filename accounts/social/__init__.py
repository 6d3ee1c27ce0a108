"""Social-login providers that allauth does not ship (allauth has WeChat and Weibo; QQ is here)."""
