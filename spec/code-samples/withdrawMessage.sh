# Recall a message by the msg_id its push answered: within one day, and only once.
curl -sS -X DELETE "${BASE_URL:-http://127.0.0.1:8080}/v4/push/withdraw/$MSG_ID" \
  -u "$APP_KEY:$MASTER_SECRET"
# → {"request_id":"","msg_id":"1828256757"}
# Again → 400 {"error":{"code":21003,"message":"Parameter value is invalid,msg_id has been withdrawn"}}
