//! The sample installation offered on a first launch with no data, so a newcomer sees a
//! working ward at once: Phường Hạc Thành of Thanh Hóa with a half year of records.

use serde_json::{Value, json};
use thidua_model::{DocumentHeader, Installation, RegisterKind};
use thidua_store::UnitFilter;

use crate::{ApiError, SetupInput, Workspace};

/// The sample ward's code in the 2025 list.
pub const SAMPLE_UNIT_CODE: &str = "14797";

impl Workspace {
    /// Sets up the sample ward with its registers filled for the first half of this year.
    /// Refused once an installation exists, so it can never overwrite real work.
    pub fn install_sample(&mut self) -> Result<Installation, ApiError> {
        if self.store.read().installation()?.is_some() {
            return Err(ApiError::refused("Máy này đã được cài đặt đơn vị: không thể nạp dữ liệu mẫu đè lên dữ liệu thật."));
        }
        self.ensure_catalogue()?;
        let r = self.store.read();
        let ward = r
            .unit_by_code(SAMPLE_UNIT_CODE, Some("xa"))?
            .or_else(|| {
                r.units(&UnitFilter { level: Some("xa".into()), search: Some("Hạc Thành".into()), limit: Some(1), ..Default::default() })
                    .ok()?
                    .into_iter()
                    .next()
            })
            .ok_or_else(|| ApiError::refused("Danh mục hiện tại không có Phường Hạc Thành để làm dữ liệu mẫu."))?;
        let defaults = self.header_defaults(ward.id)?;
        let installation = self.setup_with(
            &SetupInput {
                unit_id: ward.id,
                parent_unit_id: ward.parent_id,
                header: DocumentHeader { signer_name: "Lê Thị Hồng Nhung".into(), ..defaults.header },
                clerk_name: "Nguyễn Văn An (mẫu)".into(),
            },
            true,
        )?;
        let year = self.store.now().vietnam_year();
        let day = |m: u32, d: u32| format!("{year}-{m:02}-{d:02}");
        let records: Vec<(RegisterKind, Value)> = vec![
            (
                RegisterKind::Activity,
                json!({"kind": "tuyen_truyen", "held_on": day(1, 12), "title": "Tuyên truyền phong trào “Đoàn kết sáng tạo” tại hội nghị khu dân cư", "organiser": "Ban Thường trực", "sessions": 6, "participants": 540, "media_items": 2}),
            ),
            (
                RegisterKind::Activity,
                json!({"kind": "tuyen_truyen", "held_on": day(3, 8), "title": "Giới thiệu sáng kiến, ý tưởng mới trên loa truyền thanh phường", "organiser": "Hội Liên hiệp Phụ nữ", "member_org": "Hội Liên hiệp Phụ nữ", "sessions": 6, "participants": 710, "media_items": 6}),
            ),
            (
                RegisterKind::Activity,
                json!({"kind": "hoi_nghi", "held_on": day(4, 20), "title": "Tọa đàm “Sáng tạo trong lao động sản xuất”", "organiser": "Ban Thường trực", "sessions": 1, "participants": 85}),
            ),
            (
                RegisterKind::Activity,
                json!({"kind": "giam_sat", "held_on": day(5, 15), "title": "Giám sát thực hiện chính sách hỗ trợ ứng dụng khoa học, công nghệ", "organiser": "Ban Thường trực", "sessions": 1, "participants": 12}),
            ),
            (
                RegisterKind::Initiative,
                json!({"title": "Số hóa sổ theo dõi hộ gia đình bằng mã QR", "authors": "Tổ dân phố số 3", "field": "Chuyển đổi số", "registered_on": day(2, 14), "status": "ap_dung", "recognition_level": "xa", "recognition_body": "Ban Thường trực Ủy ban MTTQ phường", "estimated_benefit": 45_000_000, "applied_at": "Các tổ dân phố 1, 3, 5"}),
            ),
            (
                RegisterKind::Initiative,
                json!({"title": "Mô hình thu gom rác thải nhựa đổi quà", "authors": "Đoàn Thanh niên phường", "field": "Môi trường", "registered_on": day(3, 2), "status": "cong_nhan", "recognition_level": "huyen", "recognition_body": "Hội đồng sáng kiến, cải tiến kỹ thuật thành phố", "estimated_benefit": 12_500_000}),
            ),
            (
                RegisterKind::Initiative,
                json!({"title": "Ứng dụng nhắn tin nhắc lịch tiêm chủng cho người cao tuổi", "authors": "Bà Trịnh Thị Hoa", "field": "Y tế", "registered_on": day(5, 27), "status": "dang_ky"}),
            ),
            (
                RegisterKind::Model,
                json!({"name": "Khu dân cư “Đoàn kết sáng tạo – xanh, sạch, đẹp”", "in_charge": "Ban công tác Mặt trận khu phố 2", "member_org": "Hội Cựu chiến binh", "started_on": day(1, 5), "status": "nhan_rong", "replicated_at": "Khu phố 4, khu phố 7"}),
            ),
            (
                RegisterKind::Model,
                json!({"name": "Tổ hợp tác may mặc của phụ nữ khó khăn", "in_charge": "Hội Liên hiệp Phụ nữ phường", "member_org": "Hội Liên hiệp Phụ nữ", "started_on": day(4, 1), "status": "xay_dung"}),
            ),
            (
                RegisterKind::OcopLink,
                json!({"product": "Nem chua Thanh Hóa", "producer": "Hợp tác xã Hạc Thành", "stars": 4, "support": "Giới thiệu tại hội chợ hàng Việt", "linked_on": day(3, 19)}),
            ),
            (
                RegisterKind::OcopLink,
                json!({"product": "Chè lam", "producer": "Cơ sở Bà Lan", "stars": 3, "support": "Kết nối tiêu thụ qua sàn thương mại điện tử", "linked_on": day(5, 6)}),
            ),
            (
                RegisterKind::Resource,
                json!({"donor": "Công ty Cổ phần Xi măng Nghi Sơn", "amount": 30_000_000, "purpose": "Khen thưởng sáng kiến, ý tưởng mới", "received_on": day(2, 25)}),
            ),
            (
                RegisterKind::Resource,
                json!({"donor": "Các hộ kinh doanh khu phố 1", "amount": 8_750_000, "in_kind": "20 suất quà", "purpose": "Hỗ trợ tác giả sáng kiến", "received_on": day(4, 11)}),
            ),
            (
                RegisterKind::Commendation,
                json!({"recipient": "Tổ dân phố số 3", "recipient_kind": "tap_the", "form": "Giấy khen", "level": "xa", "issuing_body": "Ủy ban MTTQ phường", "decision_number": "12/QĐ-MTTQ", "decided_on": day(5, 30), "reason": "Có sáng kiến số hóa sổ theo dõi hộ gia đình"}),
            ),
            (
                RegisterKind::Commendation,
                json!({"recipient": "Bà Trịnh Thị Hoa", "recipient_kind": "ca_nhan", "form": "Biểu dương", "level": "xa", "issuing_body": "Ban Thường trực Ủy ban MTTQ phường", "decided_on": day(6, 10), "reason": "Tích cực tham gia phong trào"}),
            ),
        ];
        // Through the same validation as a clerk's form, so the sample is what a clerk could type.
        for (kind, fields) in &records {
            self.add_record(*kind, fields.as_object().expect("sample records are objects"))?;
        }
        Ok(installation)
    }
}
