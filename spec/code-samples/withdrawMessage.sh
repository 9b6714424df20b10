# Recall a message by the msg_id its push answered: within one day, and only once.
curl -sS -X DELETE "${BASE_URL:-http://127.0.0.1:8080}/v4/push/withdraw/$MSG_ID" \
  -u "$APP_KEY:$MASTER_SECRET"
# MSG_ID=1180003 → {"request_id":"","msg_id":"1180003"}  (the id recalled, echoed)
# Again → 400 {"error":{"code":21003,"message":"Parameter value is invalid,msg_id has been withdrawn"}}
