# Push a notification to every device. The answer's msg_id is what you recall it by.
curl -sS -X POST "${BASE_URL:-http://127.0.0.1:8080}/v4/push" \
  -u "$APP_KEY:$MASTER_SECRET" \
  -H 'Content-Type: application/json' \
  -d '{
    "from": "push",
    "to": "all",
    "body": {
      "platform": "all",
      "notification": { "alert": "Hello, push!" }
    },
    "request_id": "req-0001"
  }'
# → {"request_id":"req-0001","msg_id":"1828256757"}
